"""The API's hot reads cost the same number of queries however long a group's history is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.seeding.bench import seed_group

pytestmark = pytest.mark.django_db


def queries_of(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.fixture
def seeded(api_as):
    """Seed groups of the same members with a given number of expenses; their API clients."""

    def make(expenses: int):
        result = seed_group(name=f"Group of {expenses}", members=8, expenses=expenses, seed=1)
        return result.group, api_as(result.owner)

    return make


def test_balances_queries_do_not_grow_with_expenses(seeded, django_assert_num_queries):
    small, small_client = seeded(5)
    large, large_client = seeded(500)
    queries_of(small_client, f"/api/groups/{small.pk}/balances/")  # warm per-process caches
    count = queries_of(small_client, f"/api/groups/{small.pk}/balances/")

    with django_assert_num_queries(count), CaptureQueriesContext(connection) as queries:
        response = large_client.get(f"/api/groups/{large.pk}/balances/")
    assert response.status_code == 200
    assert len(response.json()["members"]) == 8
    # The token with its user, then the members with their maintained totals and their group,
    # among whom the caller must be active (and on PostgreSQL the maintenance lease); none
    # reads the shares.
    assert count == 2 + (connection.vendor == "postgresql")
    assert not [q for q in queries.captured_queries if "expense_shares" in q["sql"]]


def test_expense_list_queries_do_not_grow_with_expenses(seeded, django_assert_num_queries):
    small, small_client = seeded(10)
    large, large_client = seeded(500)
    queries_of(small_client, f"/api/groups/{small.pk}/expenses/")
    count = queries_of(small_client, f"/api/groups/{small.pk}/expenses/")

    for page in (1, 2):
        with django_assert_num_queries(count):
            response = large_client.get(f"/api/groups/{large.pk}/expenses/?page={page}")
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 500
        assert all(expense["shares"] for expense in body["results"])
