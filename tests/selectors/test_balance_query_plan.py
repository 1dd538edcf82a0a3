import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.selectors.balances import member_balances
from tests.factories import GuestFactory, add_expense, admin_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's own syntax"
    ),
]


def test_balances_are_one_range_scan_of_the_covering_index(group):
    ann = admin_of(group)
    kid = GuestFactory(group=group)
    add_expense(group, ann, [ann, kid])
    with CaptureQueriesContext(connection) as queries:
        member_balances(group.pk)
    [query] = queries.captured_queries

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
        plan = [row[-1] for row in cursor.fetchall()]

    # One SEARCH of the index by group, grouped in index order: no table rows read, no sort.
    assert plan == ["SEARCH expense_shares USING COVERING INDEX share_group_balance (group_id=?)"]
