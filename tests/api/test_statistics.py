"""The statistics endpoint: its shape, its sums, its range, and its cost."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.seeding.bench import seed_group
from groups.services.expenses import Participant, Payer, expense_create
from groups.services.payments import payment_create
from tests.api.paths import group_path

pytestmark = pytest.mark.django_db


def spend(group, payer, people, amount, day, category="", **money):
    return expense_create(
        group=group,
        created_by=None,
        description="x",
        amount=Decimal(amount),
        split="equal",
        participants=[Participant(m.pk) for m in people],
        payers=[Payer(payer.pk, Decimal(amount))],
        date=datetime.date.fromisoformat(day),
        category=category,
        **money,
    )


@pytest.fixture
def history(group, ann, bob, kid):
    spend(group, ann, [ann, bob, kid], "30.00", "2026-10-05", "food")
    spend(group, bob, [ann, bob], "10.00", "2026-10-20", "transport")
    spend(group, ann, [kid], "5.00", "2026-11-01", "food")
    spend(group, kid, [ann, kid], "20.00", "2026-11-30", currency="USD", exchange_rate="0.5")
    spend(group, bob, [bob], "7.00", "2026-12-01", "food")
    payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="99.00"
    )


def test_the_documented_shape(api, group, ann, bob, kid, history):
    response = api.get(group_path(group, "statistics"))

    assert response.status_code == 200
    assert response.json() == {
        "currency": "EUR",
        "total": "62.00",
        "by_category": [
            {"category": "food", "total": "42.00"},
            {"category": "", "total": "10.00"},
            {"category": "transport", "total": "10.00"},
        ],
        "by_month": [
            {"month": "2026-10", "total": "40.00"},
            {"month": "2026-11", "total": "15.00"},
            {"month": "2026-12", "total": "7.00"},
        ],
        "by_member": [
            {"member": ann.pk, "name": "ann", "paid": "35.00", "owed": "20.00"},
            {"member": bob.pk, "name": "bob", "paid": "17.00", "owed": "22.00"},
            {"member": kid.pk, "name": "Kid", "paid": "10.00", "owed": "20.00"},
        ],
    }


@pytest.mark.parametrize(
    ("query", "total", "months"),
    [
        ({"date_after": "2026-11-01"}, "22.00", ["2026-11", "2026-12"]),
        ({"date_before": "2026-10-31"}, "40.00", ["2026-10"]),
        ({"date_after": "2026-11-01", "date_before": "2026-11-30"}, "15.00", ["2026-11"]),
        ({"date_after": "2026-11-30", "date_before": "2026-11-30"}, "10.00", ["2026-11"]),
        ({"date_after": "", "date_before": ""}, "62.00", ["2026-10", "2026-11", "2026-12"]),
        ({"date_after": "2030-01-01"}, "0.00", []),
    ],
)
def test_a_date_range_both_ends_included(api, group, history, query, total, months):
    body = api.get(group_path(group, "statistics"), query).json()

    assert body["total"] == total
    assert [m["month"] for m in body["by_month"]] == months
    for column in ("by_category", "by_month"):
        assert sum(Decimal(row["total"]) for row in body[column]) == Decimal(total)
    assert sum(Decimal(m["paid"]) for m in body["by_member"]) == Decimal(total)
    assert sum(Decimal(m["owed"]) for m in body["by_member"]) == Decimal(total)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_after": "2026-12-01", "date_before": "2026-11-01"}, "date_after"),
        ({"date_after": "2026-02-30"}, "date_after"),
        ({"date_before": "yesterday"}, "date_before"),
    ],
)
def test_a_bad_range_is_refused_naming_the_parameter(api, group, history, query, field):
    response = api.get(group_path(group, "statistics"), query)

    assert response.status_code == 400
    assert field in response.json()


def test_another_groups_statistics_are_not_found(api, eves_group):
    assert api.get(group_path(eves_group, "statistics")).status_code == 404


@pytest.mark.parametrize("query", [{}, {"date_after": "2000-01-01"}], ids=["all time", "range"])
def test_the_same_queries_for_10_and_1000_expenses(api_as, django_assert_num_queries, query):
    def seeded(count):
        result = seed_group(name=f"Stats {count}", members=8, expenses=count, seed=2)
        return result.group, api_as(result.owner)

    def queries(client, group):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(group_path(group, "statistics"), query)
        assert response.status_code == 200
        return len(captured), response.json()

    small, small_client = seeded(10)
    large, large_client = seeded(1000)
    queries(small_client, small)  # warm per-process caches
    count, _ = queries(small_client, small)

    with django_assert_num_queries(count):
        body = large_client.get(group_path(large, "statistics"), query).json()
    # Token, group, membership; then the spending per day summed by category, by day and by
    # member, and the members' names; on PostgreSQL the maintenance lease too.
    assert count == 7 + (connection.vendor == "postgresql")
    total = Decimal(body["total"])
    assert total > 0
    assert sum(Decimal(row["total"]) for row in body["by_category"]) == total
    assert sum(Decimal(row["total"]) for row in body["by_month"]) == total
    assert sum(Decimal(row["paid"]) for row in body["by_member"]) == total
    assert sum(Decimal(row["owed"]) for row in body["by_member"]) == total
    assert len(body["by_month"]) > 12  # three years of history
