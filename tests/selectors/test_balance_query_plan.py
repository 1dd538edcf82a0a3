"""The aggregate that checks the members' maintained totals (reconcile_balances) is one range
scan of the partial covering index, trash or no trash.

Live shares are in the index share_group_balance (group, member, paid, owed, in_trash) WHERE
NOT in_trash; trashed shares are not. So leaving the trash out needs no join with expenses.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.services.expenses import expense_delete
from groups.services.totals import share_sums
from tests.factories import GuestFactory, add_expense, admin_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def balance_query(group):
    """The SQL share_sums runs, for a group with a trashed expense."""
    ann = admin_of(group)
    kid = GuestFactory(group=group)
    add_expense(group, ann, [ann, kid])
    expense_delete(expense=add_expense(group, kid, [ann, kid], amount="8.00"))
    with CaptureQueriesContext(connection) as queries:
        sums = share_sums(group.pk)
    [query] = queries.captured_queries
    assert {member: paid - owed for member, (paid, owed) in sums.items()} == {
        ann.pk: 15,
        kid.pk: -15,
    }  # the trashed expense counts for nothing
    assert '"expenses"' not in query["sql"]  # no join
    return query["sql"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's own")
def test_sqlite_reads_one_range_of_the_covering_index(balance_query):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {balance_query}")
        plan = [row[-1] for row in cursor.fetchall()]

    # One SEARCH of the index by group, grouped in index order: no table rows read, no sort.
    assert plan == ["SEARCH expense_shares USING COVERING INDEX share_group_balance (group_id=?)"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's EXPLAIN")
def test_postgresql_reads_the_covering_index_only(balance_query):
    with connection.cursor() as cursor:
        # On a handful of rows a sequential scan is cheapest; forbid it to see the index path.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {balance_query}")
        [[[plan]]] = [cursor.fetchone()]
    plan = plan if isinstance(plan, dict) else json.loads(plan)[0]

    nodes = []

    def walk(node):
        nodes.append(node)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    scans = [n for n in nodes if "Scan" in n["Node Type"]]
    assert [(n["Node Type"], n.get("Index Name")) for n in scans] == [
        ("Index Only Scan", "share_group_balance")
    ]
    assert not [n for n in nodes if n["Node Type"] in ("Sort", "Hash Join", "Nested Loop")]
