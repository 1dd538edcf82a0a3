"""Statistics read their totals by category and day from the covering index alone, and find
the payments through their own partial index (SQLite's EXPLAIN QUERY PLAN)."""

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


def plans(group) -> list[list[str]]:
    with CaptureQueriesContext(connection) as queries:
        group_statistics(group)
    found = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            found.append([row[-1] for row in cursor.fetchall()])
    return found


def test_the_spending_and_the_payments_each_read_their_own_index(group):
    ann = admin_of(group)
    kid = GuestFactory(group=group)
    add_expense(group, ann, [ann, kid])
    expense_delete(expense=add_expense(group, kid, [ann, kid], amount="8.00"))
    payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="1.00"
    )

    spending, _members, payments = plans(group)

    assert spending == ["SEARCH expenses USING COVERING INDEX expense_group_spending (group_id=?)"]
    assert payments[0] == (
        "SEARCH expenses USING COVERING INDEX expense_group_payments "
        "(group_id=? AND kind=? AND deleted_at=?)"
    )
