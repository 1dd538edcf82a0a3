"""Expenses and payments in another currency than the group's, over the API."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from groups.domain.conversion import round_rate
from groups.domain.currencies import plain_rate
from groups.models import ExchangeRate, Expense, Group
from tests.api.paths import group_path
from tests.api.snapshots import expense_rows, shares_of
from tests.factories import add_expense

pytestmark = pytest.mark.django_db

# IHateMoney's currency test: rates quoted per US dollar.
PER_USD = {"CAD": Fraction(12, 10), "EUR": Fraction(8, 10), "PLN": Fraction(4)}


def eur_per(currency: str) -> str:
    """Euros for one unit of ``currency`` from the per-dollar quotes, to 10 decimals."""
    return format(plain_rate(round_rate(PER_USD["EUR"] / PER_USD[currency], 10)), "f")


def dinner(payer, participants, amount, currency, **extra):
    return {
        "description": "Dinner",
        "amount": amount,
        "currency": currency,
        "paid_by": payer.pk,
        "split": "equal",
        "participants": [{"member": m.pk} for m in participants],
        **extra,
    }


@pytest.mark.parametrize("rates_from", ["the request", "the group's table"])
def test_ihatemoney_currencies(api, group, ann, bob, rates_from):
    assert group.currency == "EUR"
    cad, pln = eur_per("CAD"), eur_per("PLN")
    assert (cad, pln) == ("0.6666666667", "0.2")
    extra = {}
    if rates_from == "the request":
        extra = {"CAD": {"exchange_rate": cad}, "PLN": {"exchange_rate": pln}}
    else:
        for currency, rate in (("CAD", cad), ("PLN", pln)):
            response = api.post(
                group_path(group, "rates"),
                {"currency": currency, "rate": rate, "date": "2026-01-01"},
                format="json",
            )
            assert response.status_code == 201, response.json()
        extra = {"CAD": {}, "PLN": {}}

    in_cad = api.post(
        group_path(group, "expenses"),
        dinner(ann, [ann, bob], "30.00", "CAD", date="2026-02-01", **extra["CAD"]),
        format="json",
    )
    in_pln = api.post(
        group_path(group, "expenses"),
        dinner(bob, [ann, bob], "80.00", "PLN", date="2026-02-01", **extra["PLN"]),
        format="json",
    )

    assert in_cad.status_code == 201, in_cad.json()
    body = in_cad.json()
    assert (body["amount"], body["currency"], body["exchange_rate"], body["group_amount"]) == (
        "30.00",
        "CAD",
        "0.6666666667",
        "20.00",
    )
    assert shares_of(in_cad) == {ann.pk: ("20.00", "10.00"), bob.pk: ("0.00", "10.00")}
    assert in_pln.status_code == 201, in_pln.json()
    assert (in_pln.json()["exchange_rate"], in_pln.json()["group_amount"]) == ("0.2", "16.00")
    balances = api.get(group_path(group, "balances")).json()
    assert balances["currency"] == "EUR"
    assert {m["member"]: m["balance"] for m in balances["members"]} == {
        ann.pk: "2.00",  # paid 20.00, owes 10.00 + 8.00
        bob.pk: "-2.00",
    }


@pytest.mark.parametrize("currency", [None, "eur", "EUR"])
def test_an_expense_in_the_group_currency_has_rate_one(api, group, ann, kid, currency):
    body = dinner(ann, [ann, kid], "9.99", currency)
    if currency is None:
        del body["currency"]

    response = api.post(group_path(group, "expenses"), body, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["currency"], body["exchange_rate"], body["group_amount"]) == ("EUR", "1", "9.99")


def test_payer_amounts_and_exact_parts_are_carried_over(api, group, ann, bob, kid):
    response = api.post(
        group_path(group, "expenses"),
        {
            "description": "Hotel",
            "amount": "100.00",
            "currency": "USD",
            "exchange_rate": "0.9137",
            "payers": [
                {"member": ann.pk, "amount": "33.33"},
                {"member": bob.pk, "amount": "66.67"},
            ],
            "split": "exact",
            "participants": [
                {"member": ann.pk, "value": "50.00"},
                {"member": bob.pk, "value": "25.00"},
                {"member": kid.pk, "value": "25.00"},
            ],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["group_amount"] == "91.37"
    # Paid: 91.37 * 33.33% = 30.453621 and 60.916379 -> 30.45 and 60.92 (largest remainder).
    # Owed: 45.685, 22.8425, 22.8425: floors leave a cent, for the largest remainder (0.5).
    assert shares_of(response) == {
        ann.pk: ("30.45", "45.69"),
        bob.pk: ("60.92", "22.84"),
        kid.pk: ("0.00", "22.84"),
    }


def test_the_table_gives_the_latest_rate_on_or_before_the_date(api, group, ann, kid):
    for day, rate in (("2026-01-01", "0.90"), ("2026-01-10", "0.95"), ("2026-01-20", "0.99")):
        ExchangeRate.objects.create(
            group=group, currency="USD", date=datetime.date.fromisoformat(day), rate=Decimal(rate)
        )

    def rate_on(day):
        body = dinner(ann, [ann, kid], "10.00", "USD", date=day)
        response = api.post(group_path(group, "expenses"), body, format="json")
        return response.status_code, response.json().get("exchange_rate")

    assert rate_on("2026-01-10") == (201, "0.95")
    assert rate_on("2026-01-15") == (201, "0.95")
    assert rate_on("2027-05-05") == (201, "0.99")
    before = expense_rows()
    status, _ = rate_on("2025-12-31")
    assert status == 400
    assert expense_rows() == before


def test_without_a_rate_the_refusal_names_exchange_rate(api, group, ann, kid):
    response = api.post(
        group_path(group, "expenses"), dinner(ann, [ann, kid], "10.00", "JPY"), format="json"
    )

    assert response.status_code == 400
    assert "no JPY rate" in response.json()["exchange_rate"][0]
    assert expense_rows() == ([], [])


def test_a_payment_in_another_currency(api, group, ann, kid):
    response = api.post(
        group_path(group, "payments"),
        {
            "from_member": kid.pk,
            "to_member": ann.pk,
            "amount": "50.00",
            "currency": "CHF",
            "exchange_rate": "1.0523",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["amount"], body["currency"], body["group_amount"]) == ("50.00", "CHF", "52.62")
    assert shares_of(response) == {kid.pk: ("52.62", "0.00"), ann.pk: ("0.00", "52.62")}


def test_editing_the_money_keeps_the_currency_and_rate_unless_told(api, group, ann, kid):
    created = api.post(
        group_path(group, "expenses"),
        dinner(ann, [ann, kid], "10.00", "USD", exchange_rate="0.5"),
        format="json",
    ).json()
    url = group_path(group, "expenses", created["id"])

    kept = api.put(url, dinner(ann, [ann, kid], "20.00", "USD"), format="json")
    body = {k: v for k, v in dinner(ann, [ann, kid], "20.00", "USD").items() if k != "currency"}
    also_kept = api.put(url, body, format="json")
    new_rate = api.patch(url, {**body, "exchange_rate": "0.25"}, format="json")

    assert (kept.status_code, kept.json()["exchange_rate"], kept.json()["group_amount"]) == (
        200,
        "0.5",
        "10.00",
    )
    assert also_kept.json()["currency"] == "USD"
    assert (new_rate.json()["exchange_rate"], new_rate.json()["group_amount"]) == ("0.25", "5.00")
    assert sum(Decimal(s["owed"]) for s in new_rate.json()["shares"]) == Decimal("5.00")


def test_a_new_currency_alone_needs_the_money_fields(api, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    before = expense_rows()

    response = api.patch(group_path(group, "expenses", expense), {"currency": "USD"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"amount", "split", "participants", "payers"}
    assert expense_rows() == before


def test_a_group_currency_changes_only_while_it_has_no_expenses(api, group, ann, kid):
    ExchangeRate.objects.create(
        group=group, currency="USD", date=datetime.date(2026, 1, 1), rate=Decimal("0.9")
    )

    changed = api.patch(group_path(group), {"currency": "gbp"}, format="json")

    assert (changed.status_code, changed.json()["currency"]) == (200, "GBP")
    # The table's rates were in euros: they go with the old currency.
    assert not ExchangeRate.objects.filter(group=group).exists()

    group.refresh_from_db()
    add_expense(group, ann, [ann, kid])
    refused = api.patch(group_path(group), {"currency": "USD"}, format="json")
    same = api.patch(group_path(group), {"currency": "GBP", "name": "Away"}, format="json")

    assert refused.status_code == 400
    assert "cannot change" in refused.json()["currency"][0]
    assert Group.objects.get(pk=group.pk).currency == "GBP"
    assert same.status_code == 200
    assert Expense.objects.get().currency == "GBP"  # recorded at the time, in pounds
