"""Recurring expenses over the API: repeat on a new expense, the list of series, stopping one."""

from datetime import date

import pytest

from groups.models import Activity, Expense, RecurringSeries
from groups.services.recurring import recurring_run
from tests.api.paths import group_path
from tests.api.snapshots import expense_rows
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rent(ann, kid):
    return {
        "description": "Rent",
        "amount": "900.00",
        "paid_by": ann.pk,
        "split": "equal",
        "participants": [{"member": ann.pk}, {"member": kid.pk}],
        "date": "2026-01-31",
        "repeat": {"every": "month", "interval": 1, "until": None},
    }


def test_a_repeating_expense_is_the_first_of_a_series_listed_in_the_documented_shape(
    api, group, rent
):
    created = api.post(group_path(group, "expenses"), rent, format="json")

    assert created.status_code == 201
    series = RecurringSeries.objects.get()
    assert created.json()["recurring"] == series.pk
    response = api.get(group_path(group, "recurring"))
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": series.pk,
            "expense": created.json()["id"],
            "every": "month",
            "interval": 1,
            "until": None,
            "next_date": "2026-02-28",
            "active": True,
            "description": "Rent",
            "paused_reason": "",
            "stopped_at": None,
        }
    ]


def test_interval_and_until_have_defaults(api, group, rent):
    rent["repeat"] = {"every": "week"}

    api.post(group_path(group, "expenses"), rent, format="json")

    [series] = api.get(group_path(group, "recurring")).json()
    assert (series["interval"], series["until"], series["next_date"]) == (1, None, "2026-02-07")


def test_a_null_repeat_is_no_repeat(api, group, rent):
    rent["repeat"] = None

    assert api.post(group_path(group, "expenses"), rent, format="json").status_code == 201
    assert not RecurringSeries.objects.exists()


@pytest.mark.parametrize(
    ("repeat", "field"),
    [
        ({"every": "fortnight"}, "every"),
        ({"every": "month", "interval": 0}, "interval"),
        ({"every": "month", "interval": 366}, "interval"),
        ({"every": "month", "interval": "2"}, "interval"),
        ({"every": "month", "interval": True}, "interval"),
        ({"every": "month", "interval": 1.5}, "interval"),
        ({"every": "month", "until": "2026-01-30"}, "until"),  # before the first date
        ({"every": "month", "until": "soon"}, "until"),
        ({"interval": 1}, "every"),
        ("monthly", None),
        ([{"every": "month"}], None),
    ],
)
def test_a_bad_repeat_is_a_400_naming_the_field_and_writes_nothing(api, group, rent, repeat, field):
    rent["repeat"] = repeat
    before = expense_rows(), Activity.objects.count()

    response = api.post(group_path(group, "expenses"), rent, format="json")

    assert response.status_code == 400
    errors = response.json()["repeat"]
    if field is not None:
        assert field in str(errors)
    assert (expense_rows(), Activity.objects.count()) == before
    assert not RecurringSeries.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_repeat_cannot_be_added_by_a_change(api, group, rent, method):
    created = api.post(group_path(group, "expenses"), {**rent, "repeat": None}, format="json")

    response = getattr(api, method)(
        group_path(group, "expenses", created.json()["id"]), rent, format="json"
    )

    assert response.status_code == 400
    assert "repeat" in response.json()
    assert not RecurringSeries.objects.exists()


def test_stopping_a_series_keeps_what_it_created(api_as, group, rent, bob):
    api_as(group.created_by).post(group_path(group, "expenses"), rent, format="json")
    recurring_run(today=date(2026, 3, 31))
    series = RecurringSeries.objects.get()

    response = api_as(bob.user).delete(group_path(group, "recurring", series))

    assert response.status_code == 204
    [listed] = api_as(bob.user).get(group_path(group, "recurring")).json()
    assert (listed["active"], listed["next_date"]) == (False, None)
    assert listed["stopped_at"] is not None
    assert Expense.objects.count() == 3
    assert api_as(bob.user).delete(group_path(group, "recurring", series)).status_code == 204


def test_another_groups_series_are_not_found(api, api_as, group, rent):
    api.post(group_path(group, "expenses"), rent, format="json")
    series = RecurringSeries.objects.get()
    outsider = api_as(UserFactory(username="eve"))

    assert outsider.get(group_path(group, "recurring")).status_code == 404
    assert outsider.delete(group_path(group, "recurring", series)).status_code == 404
    assert RecurringSeries.objects.get().active
