"""The expense form's currency, exchange rate, category, notes and repeat, stored as the API
stores them and refused in the API's words."""

import datetime
from decimal import Decimal

import pytest

from groups.models import Activity, Expense, RecurringSeries
from groups.selectors.balances import member_balances
from groups.services.categories import category_create
from groups.services.rates import rate_set
from tests.api.paths import group_path
from tests.web.conftest import text, url
from tests.web.test_expenses import form_data

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2026, 3, 1)


@pytest.fixture
def usd_rate(group):
    rate_set(group=group, currency="USD", rate="0.8", date=datetime.date(2026, 1, 1))


def stored(expense):
    """What an expense holds, apart from who recorded it, when, and its id."""
    shares = sorted((s.member_id, s.paid, s.owed) for s in expense.shares.all())
    fields = ("kind", "amount", "currency", "exchange_rate", "group_amount", "date", "split")
    return {
        **{name: getattr(expense, name) for name in fields},
        "category": expense.category,
        "notes": expense.notes,
        "shares": shares,
    }


@pytest.mark.parametrize("rate", ["0.80", ""], ids=["rate typed", "rate from the table"])
def test_each_field_is_stored_as_the_api_stores_it(
    as_ann, api, group, ann, bob, kid, usd_rate, rate
):
    category_create(group=group, name="Boat")
    data = form_data(
        [ann, bob, kid],
        amount="100.00",
        split="exact",
        parts=["50", "30", "20"],
        paid={ann: "60.00", bob: "40.00"},
    )
    data.update(currency="usd", exchange_rate=rate, category="boat")
    data["notes"] = "  Two lines,\r\nspaces kept  "
    response = as_ann.post(url("expense-add", group), data)
    assert response.status_code == 302, response.context["form"].errors
    body = {
        "description": "Dinner",
        "amount": "100.00",
        "date": "2026-03-01",
        "currency": "usd",
        "category": "boat",
        "notes": "  Two lines,\nspaces kept  ",
        "payers": [{"member": ann.pk, "amount": "60.00"}, {"member": bob.pk, "amount": "40.00"}],
        "split": "exact",
        "participants": [
            {"member": m.pk, "value": v}
            for m, v in zip([ann, bob, kid], ["50", "30", "20"], strict=True)
        ],
    }
    if rate:
        body["exchange_rate"] = rate
    answer = api.post(group_path(group, "expenses"), body, format="json")
    assert answer.status_code == 201, answer.json()

    by_web, by_api = Expense.objects.order_by("id")
    assert stored(by_web) == stored(by_api)
    assert (by_web.currency, by_web.exchange_rate, by_web.group_amount) == (
        "USD",
        Decimal("0.8"),
        Decimal("80.00"),
    )
    assert by_web.notes == "  Two lines,\nspaces kept  "


def test_a_foreign_currency_expense_counts_in_the_group_currency(as_ann, group, ann, bob, kid):
    data = {**form_data([ann, bob, kid], amount="30.00"), "currency": "USD"}
    data["exchange_rate"] = "0.8"
    assert as_ann.post(url("expense-add", group), data).status_code == 302
    expense = Expense.objects.get()
    assert (expense.amount, expense.currency, expense.group_amount) == (
        Decimal("30.00"),
        "USD",
        Decimal("24.00"),
    )
    assert member_balances(group.pk) == {
        ann.pk: Decimal("16.00"),
        bob.pk: Decimal("-8.00"),
        kid.pk: Decimal("-8.00"),
    }


def test_the_preview_shows_each_part_in_the_group_currency(as_ann, group, ann, bob, usd_rate):
    data = {**form_data([ann, bob], amount="25.00"), "currency": "USD"}
    response = as_ann.post(url("expense-preview", group), data, HTTP_HX_REQUEST="true")
    preview = response.context["preview"]
    assert (preview.conversion.rate, preview.conversion.group_amount) == (
        Decimal("0.8"),
        Decimal("20.00"),
    )
    assert [(r.paid, r.owed) for r in preview.rows] == [
        (Decimal("20.00"), Decimal("10.00")),
        (Decimal("0"), Decimal("10.00")),
    ]
    assert "€20.00" in text(response) and "$25.00" in text(response)
    assert not Expense.objects.exists()


def test_the_preview_asks_for_a_rate_the_group_lacks(as_ann, group, ann, bob):
    data = {**form_data([ann, bob], amount="25.00"), "currency": "CHF"}
    preview = as_ann.post(url("expense-preview", group), data).context["preview"]
    assert preview.rows is None and "no CHF rate" in preview.problem


def test_choosing_a_currency_fills_in_the_groups_rate(as_ann, group, ann, usd_rate):
    response = as_ann.get(url("expense-rate", group), {"currency": "USD", "date": "2026-02-01"})
    assert 'value="0.8"' in text(response) and response["HX-Trigger"] == "rate-changed"
    # Before the table's first rate, in the group's currency, or unknown: nothing to fill in.
    for query in [
        {"currency": "USD", "date": "2025-12-31"},
        {"currency": "EUR"},
        {"currency": "XYZ"},
    ]:
        assert "value=" not in text(as_ann.get(url("expense-rate", group), query))


def test_the_pickers_offer_the_groups_currencies_first_and_its_categories(
    as_ann, group, ann, usd_rate
):
    category_create(group=group, name="Boat")
    form = as_ann.get(url("expense-add", group)).context["form"]
    groups = form.fields["currency"].widget.choices
    assert [[code for code, _ in choices] for _, choices in groups[:2]] == [["EUR"], ["USD"]]
    assert "JPY" in dict(groups[2][1]) and "USD" not in dict(groups[2][1])
    categories = dict(form.fields["category"].widget.choices)
    assert categories[""] == "No category" and categories["boat"] == "Boat"
    assert form["currency"].value() == "EUR"


def test_editing_shows_and_keeps_the_stored_values(as_ann, group, ann, bob):
    data = {**form_data([ann, bob], amount="30.00"), "currency": "GBP", "exchange_rate": "1.15"}
    data.update(category="food", notes="Fish")
    as_ann.post(url("expense-add", group), data)
    expense = Expense.objects.get()
    form = as_ann.get(url("expense-edit", group, expense)).context["form"]
    assert {name: form[name].value() for name in ("currency", "exchange_rate", "category")} == {
        "currency": "GBP",
        "exchange_rate": "1.15",
        "category": "food",
    }
    assert form["notes"].value() == "Fish" and "repeat_every" not in form.fields

    data["amount"] = "40.00"
    assert as_ann.post(url("expense-edit", group, expense), data).status_code == 302
    expense.refresh_from_db()
    assert (expense.exchange_rate, expense.group_amount) == (Decimal("1.15"), Decimal("46.00"))


def test_repeat_starts_a_series(as_ann, group, ann, bob):
    data = {**form_data([ann, bob]), "repeat_every": "month", "repeat_interval": "2"}
    data["repeat_until"] = "2026-12-31"
    assert as_ann.post(url("expense-add", group), data).status_code == 302
    series = RecurringSeries.objects.get()
    assert series.expense == Expense.objects.get()
    assert (series.every, series.interval, series.until) == (
        "month",
        2,
        datetime.date(2026, 12, 31),
    )
    assert (series.first_date, series.next_date) == (FIRST, datetime.date(2026, 5, 1))
    assert Activity.objects.filter(action="recurring.created").count() == 1

    edit = as_ann.get(url("expense-edit", group, series.expense))
    assert "This expense repeats every 2 months until 2026-12-31." in text(edit)


REFUSED = [
    ({"currency": "XYZ"}, "currency", "'XYZ' is not a current ISO 4217 currency code"),
    ({"currency": "USD", "exchange_rate": "0"}, "exchange_rate", "greater than zero"),
    ({"currency": "USD", "exchange_rate": "-1"}, "exchange_rate", "greater than zero"),
    ({"currency": "USD", "exchange_rate": "NaN"}, "exchange_rate", "finite"),
    ({"currency": "USD", "exchange_rate": "0.12345678901"}, "exchange_rate", "10 decimal"),
    ({"currency": "CHF"}, "exchange_rate", "The group has no CHF rate dated on or before"),
    ({"exchange_rate": "2"}, "exchange_rate", "group's currency (EUR) has rate 1"),
    ({"currency": "USD", "exchange_rate": "0.000001"}, "group_amount", "less than 0.01"),
    ({"category": "boats"}, "category", "'boats' is not a category of this group"),
    ({"notes": "x" * 2001}, "notes", "no more than 2000 characters"),
    ({"repeat_every": "fortnight"}, "repeat_every", "Select a valid choice"),
    ({"repeat_every": "week", "repeat_interval": "0"}, "repeat_interval", "greater than or"),
    ({"repeat_every": "week", "repeat_interval": "366"}, "repeat_interval", "less than or"),
    ({"repeat_every": "week", "repeat_until": "2026-02-28"}, "repeat_until", "before the first"),
]


@pytest.mark.parametrize(("changes", "field", "message"), REFUSED)
def test_a_refused_ledger_field_says_why_and_writes_nothing(
    as_ann, group, ann, bob, changes, field, message
):
    data = {**form_data([ann, bob], amount="10.00"), **changes}
    entries = Activity.objects.count()
    response = as_ann.post(url("expense-add", group), data)
    assert response.status_code == 200  # the form again, as every refused web form
    errors = response.context["form"].errors
    shown = " ".join(errors.get(field, errors.get("__all__", [])))
    assert message in shown, errors
    html = text(response)
    assert "data-error-summary" in html and message in html
    assert 'value="Dinner"' in html  # what was typed stays
    assert not Expense.objects.exists() and not RecurringSeries.objects.exists()
    assert Activity.objects.count() == entries


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "USD", "exchange_rate": "0"}, "exchange_rate"),
        ({"currency": "USD", "exchange_rate": "0.12345678901"}, "exchange_rate"),
        ({"currency": "CHF"}, "exchange_rate"),
        ({"category": "boats"}, "category"),
        ({"notes": "x" * 2001}, "notes"),
    ],
)
def test_the_form_refuses_in_the_apis_words(as_ann, api, group, ann, bob, changes, field):
    form = as_ann.post(url("expense-add", group), {**form_data([ann, bob]), **changes})
    body = {
        "description": "Dinner",
        "amount": "90.00",
        "date": "2026-03-01",
        "paid_by": ann.pk,
        "split": "equal",
        "participants": [{"member": ann.pk}, {"member": bob.pk}],
        **changes,
    }
    answer = api.post(group_path(group, "expenses"), body, format="json")
    assert answer.status_code == 400
    assert form.context["form"].errors[field] == answer.json()[field]


def test_pages_show_a_foreign_amount_in_its_currency_and_the_groups(as_ann, group, ann, bob):
    data = {**form_data([ann, bob], amount="30.00"), "currency": "USD", "exchange_rate": "0.8"}
    as_ann.post(url("expense-add", group), data)
    expense = Expense.objects.get()
    for page in (url("expense-detail", group, expense), url("expense-list", group)):
        html = text(as_ann.get(page))
        assert "$30.00" in html and "€24.00" in html and "€30.00" not in html
