"""Each app's sample imports to the balances that app shows for it."""

import datetime
from decimal import Decimal

import pytest

from groups import interchange
from tests.interchange.conftest import balances, expected, involvement, sample

CENT = Decimal("0.01")
USD_AT_0_9 = {"USD": Decimal("0.9")}  # the rate the samples' balances were computed with


@pytest.mark.parametrize(
    ("file", "format", "balances_of"),
    [
        ("sample.ihatemoney.json", "ihatemoney-json", "sample.ihatemoney.json"),
        ("sample.ihatemoney.csv", "ihatemoney-csv", "sample.ihatemoney.csv"),
        # The real export is the same story, entered through IHateMoney's API.
        ("real.ihatemoney.json", "ihatemoney-json", "sample.ihatemoney.json"),
        ("real.ihatemoney.csv", "ihatemoney-csv", "sample.ihatemoney.csv"),
        ("sample.spliit.json", "spliit-json", "sample.spliit.json"),
        ("sample.cospend.csv", "cospend-csv", "sample.cospend.csv"),
    ],
)
def test_a_peer_sample_gives_the_peers_balances_within_a_cent_per_expense(
    file, format, balances_of
):
    plan = interchange.read(sample(file), format, rates=USD_AT_0_9)

    theirs = {name: Decimal(value) for name, value in expected(balances_of)["balances"].items()}
    ours, entries = balances(plan), involvement(plan)
    assert set(ours) == set(theirs)
    for name, balance in theirs.items():
        assert abs(ours[name] - balance) <= CENT * entries[name], name
    assert sum(ours.values()) == 0


def test_splitwise_csv_gives_splitwise_balances_exactly():
    plan = interchange.read(sample("sample.splitwise.csv"), "splitwise-csv", rates=USD_AT_0_9)

    by_currency = expected("sample.splitwise.csv")["splitwise_balances_by_currency"]
    assert plan.currency == "EUR"
    # Splitwise keeps a balance per currency; the USD row comes over at the rate given.
    assert balances(plan) == {
        name: Decimal(eur) + (Decimal(by_currency["USD"][name]) * Decimal("0.9")).quantize(CENT)
        for name, eur in by_currency["EUR"].items()
    }


def test_splitwise_csv_in_one_currency_needs_no_rate():
    eur_only = b"\n".join(
        line for line in sample("sample.splitwise.csv").split(b"\n") if b",USD," not in line
    )

    plan = interchange.read(eur_only, "splitwise-csv")

    assert balances(plan) == {
        name: Decimal(value)
        for name, value in expected("sample.splitwise.csv")["splitwise_balances_by_currency"][
            "EUR"
        ].items()
    }


def test_what_maps_and_what_is_reported():
    plan = interchange.read(sample("sample.cospend.csv"), "cospend-csv")

    assert {m.name: m.active for m in plan.members} == {
        "Alice": True,
        "Bob": True,
        "Chloé": True,
        "Dan": False,
    }
    assert (plan.expenses, plan.payments) == (5, 1)  # category -11 is a reimbursement
    dinner = next(e for e in plan.entries if e.description == "Dinner")
    assert dinner.split == "shares"  # Bob's weight of 2
    assert [(plan.members[i].name, o) for i, _, o in dinner.shares] == [
        ("Bob", 2275),
        ("Alice", 1138),
        ("Chloé", 1137),
    ]
    assert dinner.category == "restaurants"  # Cospend's "Restaurant" is a default category
    internet = next(e for e in plan.entries if e.description == "Internet")
    assert internet.notes == "Monthly box subscription"
    assert [(plan.entries[s.entry].description, s.every, s.next_date) for s in plan.series] == [
        ("Internet", "month", datetime.date(2024, 4, 6))
    ]
    assert any("Repeating expenses" in w and "line 13" in w for w in plan.warnings)


@pytest.mark.parametrize(
    ("file", "format", "categories", "created"),
    [
        (
            "sample.splitwise.csv",
            "splitwise-csv",
            ["groceries", "restaurants", "bustrain", "restaurants", "entertainment", ""],
            [("bustrain", "Bus/train")],
        ),
        (
            "sample.spliit.json",
            "spliit-json",
            ["groceries", "restaurants", "bustrain", "entertainment", "", "tvphoneinternet"],
            [("bustrain", "Bus/Train"), ("tvphoneinternet", "TV/Phone/Internet")],
        ),
        (
            "sample.cospend.csv",
            "cospend-csv",
            ["groceries", "restaurants", "transport", "excursionculture", "", "bill"],
            [("excursionculture", "Excursion/Culture"), ("bill", "Bill")],
        ),
        ("sample.ihatemoney.json", "ihatemoney-json", [""] * 5, []),
    ],
)
def test_a_peers_categories_become_default_ones_or_the_groups_own(
    file, format, categories, created
):
    plan = interchange.read(sample(file), format, rates=USD_AT_0_9)

    assert [entry.category for entry in plan.entries] == categories
    assert plan.categories == created


@pytest.mark.parametrize(
    ("file", "format", "museum"),
    [
        # The file's own currency, converted at the rate given with the import.
        ("sample.splitwise.csv", "splitwise-csv", ("USD", 3000, Decimal("0.9"), 2700)),
        ("sample.ihatemoney.json", "ihatemoney-json", ("USD", 3000, Decimal("0.9"), 2700)),
        ("sample.ihatemoney.csv", "ihatemoney-csv", ("USD", 3000, Decimal("0.9"), 2700)),
        # Spliit's original amount beside the group's: the rate is the one that gives it.
        ("sample.spliit.json", "spliit-json", ("USD", 3000, Decimal("0.9"), 2700)),
        # Cospend converts when a bill is entered: only the main currency's amount is known.
        ("sample.cospend.csv", "cospend-csv", ("EUR", 2700, Decimal(1), 2700)),
    ],
)
def test_an_expense_in_another_currency_keeps_it(file, format, museum):
    plan = interchange.read(sample(file), format, rates=USD_AT_0_9)

    entry = next(e for e in plan.entries if e.description.startswith("Museum"))
    assert (entry.currency, entry.amount, entry.exchange_rate, entry.group_amount) == museum
