"""The expense list: filters by member, kind, category and dates, search, pagination."""

import datetime

import pytest

from groups.services.payments import payment_create
from tests.factories import add_expense, bulk_expenses
from tests.web.conftest import url

pytestmark = pytest.mark.django_db


def listed(response):
    return [e.description for e in response.context["page"].object_list]


@pytest.fixture
def ledger(group, ann, bob, kid):
    dinner = add_expense(group, ann, [ann, bob], amount="20.00")
    dinner.description, dinner.date = "Dinner by the sea", datetime.date(2026, 3, 1)
    dinner.category = "restaurants"
    dinner.save()
    taxi = add_expense(group, kid, [kid], amount="8.00")
    taxi.description, taxi.date = "Taxi", datetime.date(2026, 4, 1)
    taxi.save()
    payment_create(
        group=group,
        created_by=None,
        from_member_id=bob.pk,
        to_member_id=ann.pk,
        amount="10.00",
        date=datetime.date(2026, 5, 1),
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["bob paid ann", "Taxi", "Dinner by the sea"]),
        ({"kind": "payment"}, ["bob paid ann"]),
        ({"kind": "expense"}, ["Taxi", "Dinner by the sea"]),
        ({"q": "SEA dinner"}, ["Dinner by the sea"]),
        ({"date_after": "2026-03-15", "date_before": "2026-04-30"}, ["Taxi"]),
        ({"member": "kid"}, ["Taxi"]),
        ({"member": "bob", "kind": "expense"}, ["Dinner by the sea"]),
        ({"category": "restaurants"}, ["Dinner by the sea"]),
        ({"category": "-", "kind": "expense"}, ["Taxi"]),
        ({"category": "transport"}, []),
    ],
)
def test_filters(as_ann, group, ann, bob, kid, ledger, query, expected):
    members = {"kid": kid.pk, "bob": bob.pk}
    query = {k: members.get(v, v) for k, v in query.items()}
    assert listed(as_ann.get(url("expense-list", group), query)) == expected


def test_nonsense_filters_are_ignored_not_a_500(as_ann, group, ann, ledger):
    response = as_ann.get(
        url("expense-list", group), {"member": "x", "date_after": "soon", "category": "nope"}
    )
    assert response.status_code == 200
    assert len(listed(response)) == 3


def test_pagination_keeps_the_filters(as_ann, group, ann, bob):
    bulk_expenses(group, ann, [bob], 45)
    response = as_ann.get(url("expense-list", group), {"q": "Bulk", "page": 3})
    assert len(listed(response)) == 5
    assert "q=Bulk&amp;page=2" in response.content.decode()
