"""Listing expenses: pagination, filters, retrieve, and a query count that ignores history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.models import Expense
from groups.services.payments import payment_create
from tests.api.paths import group_path
from tests.api.snapshots import shares_of
from tests.factories import add_expense, bulk_expenses

pytestmark = pytest.mark.django_db


# --- read --------------------------------------------------------------------------------------


def test_list_is_paginated_newest_first_with_payments(api, group, ann, kid):
    bulk_expenses(group, ann, [kid], 55)
    payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="5.00"
    )

    first = api.get(group_path(group, "expenses")).json()
    second = api.get(group_path(group, "expenses"), {"page": 2}).json()

    assert first["count"] == 56
    assert len(first["results"]) == 50
    assert len(second["results"]) == 6
    assert first["results"][0]["kind"] == "payment"
    assert api.get(group_path(group, "expenses"), {"page": 3}).status_code == 404


@pytest.fixture
def history(group, ann, bob, kid):
    """Three expenses on three days and one payment, by different payers and participants."""
    made = {
        "march": add_expense(group, ann, [ann, bob]),
        "april": add_expense(group, bob, [bob, kid]),
        "may": add_expense(group, kid, [kid]),
    }
    for name, day in [("march", "2024-03-10"), ("april", "2024-04-10"), ("may", "2024-05-10")]:
        Expense.objects.filter(pk=made[name].pk).update(date=day)
    made["payment"] = payment_create(
        group=group,
        created_by=None,
        from_member_id=kid.pk,
        to_member_id=ann.pk,
        amount="1.00",
        date=datetime.date(2024, 6, 1),
    )
    return made


def ids_for(api, group, **params):
    response = api.get(group_path(group, "expenses"), params)
    assert response.status_code == 200, response.json()
    return {e["id"] for e in response.json()["results"]}


def test_filters(api, group, ann, bob, kid, history):
    pk = {name: expense.pk for name, expense in history.items()}

    assert ids_for(api, group, date_after="2024-04-01") == {pk["april"], pk["may"], pk["payment"]}
    assert ids_for(api, group, date_before="2024-04-10") == {pk["march"], pk["april"]}
    assert ids_for(api, group, date_after="2024-04-01", date_before="2024-05-31") == {
        pk["april"],
        pk["may"],
    }
    assert ids_for(api, group, payer=bob.pk) == {pk["april"]}
    assert ids_for(api, group, payer=kid.pk) == {pk["may"], pk["payment"]}
    assert ids_for(api, group, participant=ann.pk) == {pk["march"], pk["payment"]}
    assert ids_for(api, group, participant=kid.pk) == {pk["april"], pk["may"]}
    assert ids_for(api, group, kind="payment") == {pk["payment"]}
    assert ids_for(api, group, kind="expense", payer=kid.pk) == {pk["may"]}


@pytest.mark.parametrize(
    "params, field",
    [
        ({"payer": "ann"}, "payer"),
        ({"payer": "99999999999999999999"}, "payer"),
        ({"participant": "1.5"}, "participant"),
        ({"date_after": "2024-13-01"}, "date"),
        ({"kind": "refund"}, "kind"),
    ],
)
def test_bad_filters_are_400(api, group, ann, params, field):
    response = api.get(group_path(group, "expenses"), params)

    assert response.status_code == 400
    assert field in response.json()


def test_retrieve(api, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])

    response = api.get(group_path(group, "expenses", expense))

    assert response.status_code == 200
    assert shares_of(response) == {ann.pk: ("30.00", "15.00"), kid.pk: ("0.00", "15.00")}


@pytest.mark.parametrize("expenses", [10, 500])
def test_list_costs_the_same_queries_whatever_the_history(
    api, group, ann, bob, kid, expenses, django_assert_max_num_queries
):
    bulk_expenses(group, ann, [bob, kid], 10)
    api.get(group_path(group, "expenses"))  # warm per-process caches (content types)
    with CaptureQueriesContext(connection) as ten:
        api.get(group_path(group, "expenses"))
    bulk_expenses(group, ann, [bob, kid], expenses - 10)

    with django_assert_max_num_queries(len(ten)):
        response = api.get(group_path(group, "expenses"))

    assert response.json()["count"] == expenses
    assert all(len(e["shares"]) == 3 for e in response.json()["results"])
