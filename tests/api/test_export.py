"""GET /api/groups/{id}/export/: the whole group as JSON or CSV, streamed."""

import csv
import io
import json
import threading

import pytest
from django.db import connection
from django.http import StreamingHttpResponse

from groups.models import Expense
from groups.services.managers import member_set_manager
from groups.services.payments import payment_create
from tests.factories import add_expense, bulk_expenses

pytestmark = pytest.mark.django_db


def download(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def history(group, ann, bob, kid):
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    add_expense(group, ann, [ann, bob, kid], amount="90.00", split="shares", values=["2", "1", "1"])
    payment_create(
        group=group, created_by=None, from_member_id=bob.pk, to_member_id=ann.pk, amount="10.00"
    )


def test_json_export_has_members_with_keys_and_every_share(api, group, history):
    response = api.get(f"/api/groups/{group.pk}/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="trip-')
    document = json.loads(download(response))
    assert (document["format"], document["version"]) == ("splitwise-group", 1)
    assert document["group"] == {"name": "Trip", "currency": "EUR"}
    assert document["members"] == [
        {"key": "m1", "name": "ann", "username": "ann", "role": "admin", "active": True,
         "managed_by": None},
        {"key": "m2", "name": "bob", "username": "bob", "role": "member", "active": True,
         "managed_by": None},
        {"key": "m3", "name": "Kid", "username": None, "role": "member", "active": True,
         "managed_by": "m1"},
    ]  # fmt: skip
    expense, payment = document["expenses"]
    assert expense["kind"] == "expense"
    assert (expense["amount"], expense["currency"], expense["group_amount"]) == (
        "90.00",
        "EUR",
        "90.00",
    )
    assert expense["exchange_rate"] is None
    assert expense["split"] == "shares"
    assert expense["shares"] == [
        {"member": "m1", "paid": "90.00", "owed": "45.00"},
        {"member": "m2", "paid": "0.00", "owed": "22.50"},
        {"member": "m3", "paid": "0.00", "owed": "22.50"},
    ]
    assert payment["kind"] == "payment"
    assert payment["shares"] == [
        {"member": "m2", "paid": "10.00", "owed": "0.00"},
        {"member": "m1", "paid": "0.00", "owed": "10.00"},
    ]
    assert document["categories"] == document["recurring"] == document["rates"] == []


def test_csv_export_has_one_row_each_and_a_column_per_member(api, group, history):
    response = api.get(f"/api/groups/{group.pk}/export/", {"format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(download(response))))
    assert rows[0] == [
        "date", "description", "category", "kind", "amount", "currency", "exchange_rate",
        "group_amount", "ann", "bob", "Kid",
    ]  # fmt: skip
    assert [row[3:5] + row[8:] for row in rows[1:]] == [
        ["expense", "90.00", "45.00", "-22.50", "-22.50"],
        ["payment", "10.00", "-10.00", "10.00", "0.00"],
    ]


def test_csv_escapes_text_that_a_spreadsheet_would_run(api, group, ann, bob):
    bob.name = "=HYPERLINK(evil)"
    bob.save()
    expense = add_expense(group, ann, [ann, bob], amount="10.00")
    expense.description, expense.category = "-5 off, +tip", "@home"
    expense.save()

    rows = list(csv.reader(io.StringIO(download(api.get(
        f"/api/groups/{group.pk}/export/", {"format": "csv"}
    )))))  # fmt: skip

    assert rows[0][-1] == "'=HYPERLINK(evil)"
    assert rows[1][1:3] == ["'-5 off, +tip", "'@home"]
    assert rows[1][-2:] == ["5.00", "-5.00"]  # numbers stay numbers


def test_an_unknown_export_format_is_a_400(api, group):
    response = api.get(f"/api/groups/{group.pk}/export/", {"format": "xlsx"})

    assert response.status_code == 400
    assert "format" in response.json()


def test_only_members_export(api_as, group, eve_user):
    response = api_as(eve_user).get(f"/api/groups/{group.pk}/export/")

    assert response.status_code == 404


@pytest.fixture
def eve_user():
    from tests.factories import UserFactory

    return UserFactory(username="eve")


@pytest.mark.parametrize("count", [10, 2500])
def test_the_export_reads_in_chunks_whatever_the_size(
    api, group, ann, bob, kid, count, django_assert_max_num_queries
):
    bulk_expenses(group, ann, [bob, kid], count)

    response = api.get(f"/api/groups/{group.pk}/export/")
    # The members, categories, rates, series and their occurrences, then three queries a
    # chunk of 900 expenses (the expenses, their shares, their comments).
    with django_assert_max_num_queries(5 + 3 * (count // 900 + 1)):
        document = json.loads(download(response))

    assert len(document["expenses"]) == count
    assert all(len(expense["shares"]) == 3 for expense in document["expenses"])


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the test database is SQLite in memory, one cache shared by every connection, "
    "where a reader sees others' commits; on a database file (WAL) the export's deferred "
    "transaction keeps its snapshot, as on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_an_export_reads_one_snapshot_while_others_write(api, group, ann, bob, kid):
    bulk_expenses(group, ann, [bob, kid], 2000)
    last = Expense.objects.filter(group=group).order_by("date", "id").last()
    pieces = api.get(f"/api/groups/{group.pk}/export/").streaming_content

    head = next(pieces)  # the members are read: the snapshot has begun

    def delete_meanwhile():
        Expense.objects.filter(pk=last.pk).delete()
        connection.close()

    deleting = threading.Thread(target=delete_meanwhile)
    deleting.start()
    deleting.join()
    document = json.loads(b"".join([head, *pieces]))
    assert not Expense.objects.filter(pk=last.pk).exists()
    assert len(document["expenses"]) == 2000
    assert len(document["expenses"][-1]["shares"]) == 3
