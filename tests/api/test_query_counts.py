"""The API's hot reads cost the same number of queries however long a group's history is;
its writes make only the queries they need."""

import re

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


def writes(client, method: str, path: str, body: dict, status: int):
    """The body of a write's response and the SQL the write ran."""
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, body, format="json")
    assert response.status_code == status, response.content
    return response.json(), [q["sql"] for q in queries.captured_queries]


def reads(queries: list[str], table: str) -> list[str]:
    """The SELECTs among ``queries`` whose outer FROM is ``table``."""
    outer = [(sql, re.search(r' FROM "(\w+)"', sql)) for sql in queries]
    return [sql for sql, found in outer if sql.startswith("SELECT") and found and found[1] == table]


def expense_body(members: list[int], amount: str = "12.34") -> dict:
    return {
        "description": "Dinner",
        "amount": amount,
        "paid_by": members[0],
        "split": "equal",
        "participants": [{"member": m} for m in members],
    }


# On PostgreSQL without a cache configured, each request also reads the maintenance lease.
LEASE = int(connection.vendor == "postgresql")


@pytest.fixture
def writer(seeded):
    """A seeded group's client, its expenses' path and four of its members, caches warm."""
    group, client = seeded(5)
    queries_of(client, f"/api/groups/{group.pk}/balances/")
    members = list(group.members.order_by("pk").values_list("pk", flat=True)[:4])
    return client, f"/api/groups/{group.pk}", members


def test_expense_creation_queries(writer):
    client, path, members = writer
    expense, queries = writes(client, "post", f"{path}/expenses/", expense_body(members), 201)

    # The token with its user, the group, the caller's membership; the transaction (a savepoint
    # here), the group locked, the participants and payers in one query, the expense, its
    # shares, the members' totals, the day's spending, the members' spending that day, the
    # activity entry. The response takes the shares just written and reads nothing back.
    assert len(queries) == 13 + LEASE
    assert len(reads(queries, "group_members")) == 2
    assert not reads(queries, "auth_user") + reads(queries, "recurring_occurrences")
    assert not reads(queries, "expense_shares")
    assert expense == client.get(f"{path}/expenses/{expense['id']}/").json()
    assert expense["recurring"] is None and len(expense["shares"]) == 4


def test_recurring_expense_creation_reads_no_occurrence(writer):
    client, path, members = writer
    body = expense_body(members) | {"repeat": {"every": "month"}}
    expense, queries = writes(client, "post", f"{path}/expenses/", body, 201)

    assert not reads(queries, "recurring_occurrences")
    assert expense["recurring"] is not None
    assert expense == client.get(f"{path}/expenses/{expense['id']}/").json()


def test_expense_edit_queries(writer):
    client, path, members = writer
    created, _ = writes(client, "post", f"{path}/expenses/", expense_body(members), 201)
    url = f"{path}/expenses/{created['id']}/"

    expense, queries = writes(client, "put", url, expense_body(members[:3], "20.00"), 200)
    # The token, the group, the membership, the expense; the transaction, the group locked,
    # the expense reloaded, its shares before, the check that no shareholder left, the old
    # shares' amounts, the participants and payers, the expense saved, the old shares deleted,
    # the new ones, the members' totals, the two spending tables, the shares after, the
    # activity entry; the creator and the series for the response (its shares are the ones
    # just written).
    assert len(queries) == 22 + LEASE
    assert len(reads(queries, "expense_groups")) == 2
    assert expense == client.get(url).json()
    assert [share["member"] for share in expense["shares"]] == members[:3]

    expense, queries = writes(client, "patch", url, {"description": "Supper"}, 200)
    assert len(queries) == 15 + LEASE
    assert len(reads(queries, "expense_groups")) == 2
    assert expense == client.get(url).json()
    assert expense["description"] == "Supper"


def test_payment_creation_queries(writer):
    client, path, members = writer
    body = {"from_member": members[1], "to_member": members[0], "amount": "5.00"}
    payment, queries = writes(client, "post", f"{path}/payments/", body, 201)

    # The token, the group, the membership; the transaction, the group locked, both members,
    # the payment, its shares, the members' totals, the activity entry. The response takes the
    # shares just written and reads nothing back.
    assert len(queries) == 11 + LEASE
    assert not reads(queries, "expense_shares") + reads(queries, "recurring_occurrences")
    assert payment == client.get(f"{path}/expenses/{payment['id']}/").json()
    assert [(s["member"], s["paid"], s["owed"]) for s in payment["shares"]] == [
        (members[1], "5.00", "0.00"),
        (members[0], "0.00", "5.00"),
    ]
