"""POST /api/groups/import/: a new group from a file; a refused file writes nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from groups.models import Expense, Group, GroupMember, Share
from groups.selectors.balances import member_balances
from tests.interchange.conftest import expected, sample

pytestmark = pytest.mark.django_db

URL = "/api/groups/import/"


def upload(api, data: bytes, format: str, filename: str = "trip.csv", **fields):
    body = {"file": SimpleUploadedFile(filename, data), "format": format, **fields}
    return api.post(URL, body, format="multipart")


def counts() -> tuple[int, int, int, int]:
    return (
        Group.objects.count(),
        GroupMember.objects.count(),
        Expense.objects.count(),
        Share.objects.count(),
    )


def test_a_cospend_file_becomes_a_group_administered_by_the_caller(api, user):
    response = upload(api, sample("sample.cospend.csv"), "cospend-csv", "flat-trip.csv")

    assert response.status_code == 201
    report = response.json()
    group = Group.objects.get(pk=report["group"]["id"])
    assert report["group"] == {"id": group.pk, "name": "flat-trip", "currency": "EUR"}
    assert (report["expenses"], report["payments"], report["total"]) == (5, 1, "195.83")
    assert report["members"] == [
        {"name": "Alice", "active": True, "balance": "16.01"},
        {"name": "Bob", "active": True, "balance": "-4.25"},
        {"name": "Chloé", "active": True, "balance": "-8.65"},
        {"name": "Dan", "active": False, "balance": "-3.11"},
    ]
    assert "Cospend's payment modes are not imported." in report["warnings"]
    members = {m.name: m for m in group.members.all()}
    assert members["ann"].user == user and members["ann"].role == "admin"
    assert all(m.user is None and m.role == "member" for n, m in members.items() if n != "ann")
    assert not members["Dan"].is_active
    balances = member_balances(group.pk)
    assert {name: balances.get(m.pk, Decimal(0)) for name, m in members.items()} == {
        "ann": 0,
        "Alice": Decimal("16.01"),
        "Bob": Decimal("-4.25"),
        "Chloé": Decimal("-8.65"),
        "Dan": Decimal("-3.11"),
    }
    assert api.get(f"/api/groups/{group.pk}/balances/").status_code == 200


def test_a_dry_run_reports_the_same_and_writes_nothing(api):
    before = counts()
    data = sample("sample.spliit.json")

    dry = upload(api, data, "spliit-json", dry_run="true")

    assert dry.status_code == 200
    assert counts() == before
    real = upload(api, data, "spliit-json")
    assert real.status_code == 201
    assert dry.json()["group"]["id"] is None
    assert {**dry.json(), "group": None} == {**real.json(), "group": None}


def test_rates_convert_what_the_file_does_not(api):
    response = upload(api, sample("sample.ihatemoney.json"), "ihatemoney-json", rates="USD=0.9")

    assert response.status_code == 201
    theirs = expected("sample.ihatemoney.json")["balances"]
    ours = {m["name"]: Decimal(m["balance"]) for m in response.json()["members"]}
    assert all(
        abs(ours[name] - Decimal(value)) <= Decimal("0.01") for name, value in theirs.items()
    )


COSPEND = sample("sample.cospend.csv").decode()
SPLITWISE = sample("sample.splitwise.csv").decode()


@pytest.mark.parametrize(
    ("data", "format", "field", "message"),
    [
        (b"x", "excel", "format", '"excel" is not a valid choice.'),
        (b"", "cospend-csv", "file", "line 1: the file is empty."),
        (COSPEND[:700].encode(), "cospend-csv", "file", "line 12: the file ends inside a"),
        (sample("sample.splitwise.csv"), "cospend-csv", "file", "line 1: this is not a Cospend"),
        (COSPEND[:200].encode("latin-1"), "cospend-csv", "file", "line 4: the file is not UTF-8"),
        (COSPEND.replace(",45.5,", ",4 5,").encode(), "cospend-csv", "file", "line 9: amount"),
        (SPLITWISE.replace(",USD,", ",ZZZ,").encode(), "splitwise-csv", "file", "line 7: 'ZZZ'"),
        (COSPEND.replace('"Bob",2', '"Alice",2').encode(), "cospend-csv", "file", "line 3: two"),
        (
            COSPEND.replace('"Alice,Bob",n', '"Alice,Eve",n').encode(),
            "cospend-csv",
            "file",
            "line 11: 'Eve' is not in the file's members section.",
        ),
        (sample("sample.ihatemoney.csv"), "ihatemoney-csv", "file", "line 3: 30.00 USD has no"),
    ],
    ids=[
        "unknown format",
        "empty",
        "truncated",
        "another format",
        "not utf-8",
        "amount",
        "currency",
        "duplicate names",
        "unknown member",
        "no rate",
    ],
)
def test_a_refused_file_is_a_400_naming_the_line_and_writes_nothing(
    api, data, format, field, message
):
    before = counts()

    response = upload(api, data, format)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field][0].startswith(message)
    assert counts() == before


def test_bad_rates_are_a_400(api):
    response = upload(api, sample("sample.ihatemoney.csv"), "ihatemoney-csv", rates="USD=-1")

    assert response.status_code == 400
    assert "rates" in response.json()


def test_a_file_over_the_limit_is_a_413(api, settings):
    settings.IMPORT_MAX_BYTES = 1000
    before = counts()

    response = upload(api, sample("sample.cospend.csv"), "cospend-csv")

    assert response.status_code == 413
    assert response.json() == {"file": ["The file is larger than the limit of 0.000953674 MB."]}
    assert counts() == before


def test_a_file_just_under_the_limit_is_read(api, settings):
    data = sample("sample.cospend.csv")
    settings.IMPORT_MAX_BYTES = len(data)

    assert upload(api, data, "cospend-csv").status_code == 201


def test_importing_needs_an_account(client):
    response = client.post(URL, {"format": "cospend-csv"})

    assert response.status_code == 401


def test_a_peers_categories_and_currencies_are_kept(api):
    response = upload(api, sample("sample.spliit.json"), "spliit-json")

    group_id = response.json()["group"]["id"]
    categories = api.get(f"/api/groups/{group_id}/categories/").json()
    assert {"slug": "bustrain", "name": "Bus/Train"} in categories
    museum = Expense.objects.get(group_id=group_id, description="Museum tickets")
    assert (museum.currency, museum.amount, museum.exchange_rate, museum.group_amount) == (
        "USD",
        Decimal("30.00"),
        Decimal("0.9"),
        Decimal("27.00"),
    )
    assert museum.category == "entertainment"
    listed = api.get(f"/api/groups/{group_id}/expenses/{museum.pk}/").json()
    assert (listed["currency"], listed["exchange_rate"], listed["group_amount"]) == (
        "USD",
        "0.9",
        "27.00",
    )
