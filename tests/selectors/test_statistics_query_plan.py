"""Statistics read the spending per day through its unique indexes, a range per group (or per
group and dates), and never the expenses or their shares (SQLite's EXPLAIN QUERY PLAN)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.selectors.statistics import group_statistics
from groups.services.expenses import expense_delete
from groups.services.payments import payment_create
from tests.factories import GuestFactory, add_expense, admin_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's"),
]


def plans(group, **dates) -> list[list[str]]:
    with CaptureQueriesContext(connection) as queries:
        group_statistics(group, **dates)
    found = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            found.append([row[-1] for row in cursor.fetchall()])
    return found


@pytest.fixture
def spent(group):
    ann = admin_of(group)
    kid = GuestFactory(group=group)
    add_expense(group, ann, [ann, kid])
    expense_delete(expense=add_expense(group, kid, [ann, kid], amount="8.00"))
    payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="1.00"
    )
    return group


@pytest.mark.parametrize(
    ("dates", "condition"),
    [
        ({}, "group_id=?"),
        ({"date_after": datetime.date(2026, 1, 1)}, "group_id=? AND date>?"),
        (
            {"date_after": datetime.date(2026, 1, 1), "date_before": datetime.date(2026, 12, 31)},
            "group_id=? AND date>? AND date<?",
        ),
    ],
)
def test_range_scans_of_the_spending_per_day_and_never_the_expenses(spent, dates, condition):
    by_category, by_day, names, by_member = plans(spent, **dates)

    # The unique constraints' indexes (SQLite names them sqlite_autoindex_…).
    range_scan = r"SEARCH {} USING INDEX \S+ \(" + re.escape(condition) + r"\)"
    assert re.fullmatch(range_scan.format("day_spending"), by_category[0])
    assert re.fullmatch(range_scan.format("day_spending"), by_day[0])
    assert re.fullmatch(range_scan.format("member_day_spending"), by_member[0])
    assert names[0].startswith("SEARCH group_members USING")
    assert not any("expense" in step for step in by_category + by_day + names + by_member)
