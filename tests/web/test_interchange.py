"""The export page's downloads, and importing a group: upload, preview, confirm."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse

from groups.models import Expense, Group, GroupMember, Share
from groups.selectors.balances import member_balances
from groups.services.managers import member_set_manager
from groups.services.payments import payment_create
from tests.factories import UserFactory, add_expense
from tests.interchange.conftest import sample
from tests.web.conftest import text, url

pytestmark = pytest.mark.django_db


def download(response) -> bytes:
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def counts() -> tuple[int, int, int, int]:
    return tuple(m.objects.count() for m in (Group, GroupMember, Expense, Share))


def upload(client, data: bytes, format: str, filename: str = "trip.json", **fields):
    body = {"file": SimpleUploadedFile(filename, data), "format": format, **fields}
    return client.post(url("import"), body)


@pytest.fixture(autouse=True)
def pending_dir(settings, tmp_path):
    """Where uploads wait for their confirmation: a folder of each test's own."""
    settings.IMPORT_PENDING_DIR = tmp_path / "pending"
    return settings.IMPORT_PENDING_DIR


@pytest.fixture
def history(group, ann, bob, kid):
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    add_expense(group, ann, [ann, bob, kid], amount="90.00", split="shares", values=["2", "1", "1"])
    add_expense(group, bob, [ann, bob], amount="12.35")
    payment_create(
        group=group, created_by=None, from_member_id=bob.pk, to_member_id=ann.pk, amount="10.00"
    )


# --- export -------------------------------------------------------------------------------


def test_the_export_page_offers_each_format_of_the_api(as_ann, group, ann):
    page = as_ann.get(url("export", group))
    assert page.status_code == 200
    body = text(page)
    assert 'name="format" value="json"' in body and 'name="format" value="csv"' in body
    assert f'href="{url("export", group)}" aria-current="page">Export' in body


def test_the_downloads_are_the_apis_own(as_ann, api, group, history):
    json_file = as_ann.get(url("export", group), {"format": "json"})
    assert json_file["Content-Disposition"].startswith('attachment; filename="trip-')
    ours = json.loads(download(json_file))
    theirs = json.loads(download(api.get(f"/api/groups/{group.pk}/export/?format=json")))
    assert {**ours, "exported_at": None} == {**theirs, "exported_at": None}

    csv_file = as_ann.get(url("export", group), {"format": "csv"})
    assert csv_file["Content-Type"] == "text/csv; charset=utf-8"
    api_csv = api.get(f"/api/groups/{group.pk}/export/?format=csv")
    assert download(csv_file) == download(api_csv)


def test_an_unknown_export_format_is_a_400_that_says_so(as_ann, group, ann):
    response = as_ann.get(url("export", group), {"format": "xml"})
    assert response.status_code == 400
    assert "There is no export as 'xml'" in text(response)


def test_strangers_and_signed_out_visitors_get_no_export(login, client, group, ann):
    as_carol = login(UserFactory(username="carol"))
    assert as_carol.get(url("export", group)).status_code == 404
    assert as_carol.get(url("export", group), {"format": "json"}).status_code == 404
    assert client.get(url("export", group), {"format": "json"}).status_code == 302


# --- import -------------------------------------------------------------------------------


def test_the_import_page_offers_every_format_the_api_reads(as_ann):
    from groups.interchange import FORMATS

    page = as_ann.get(url("import"))
    assert page.status_code == 200
    assert [value for value, _ in page.context["form"].fields["format"].choices] == list(FORMATS)
    assert 'enctype="multipart/form-data"' in text(page)
    assert "Files up to 20 MB" in text(page)


def test_the_preview_shows_what_will_be_created_and_writes_nothing(as_ann, user):
    before = counts()
    page = upload(as_ann, sample("sample.cospend.csv"), "cospend-csv", "flat-trip.csv")

    assert page.status_code == 200
    assert counts() == before
    assert page.context["plan"].name == "flat-trip"
    assert (page.context["plan"].expenses, page.context["plan"].payments) == (5, 1)
    assert page.context["total"] == Decimal("195.83")
    assert [(m["name"], m["active"], m["balance"]) for m in page.context["members"]] == [
        ("Alice", True, Decimal("16.01")),
        ("Bob", True, Decimal("-4.25")),
        ("Chloé", True, Decimal("-8.65")),
        ("Dan", False, Decimal("-3.11")),
    ]
    body = text(page)
    assert "Cospend's payment modes are not imported." in body
    assert "€195.83" in body
    assert 'name="ticket"' in body


def confirm(client, page):
    return client.post(url("import-confirm"), {"ticket": page.context["ticket"]})


def test_confirming_creates_the_group_once_and_opens_it(as_ann, user, pending_dir):
    page = upload(as_ann, sample("sample.cospend.csv"), "cospend-csv", "flat-trip.csv")
    [kept] = pending_dir.iterdir()
    assert kept.read_bytes() == sample("sample.cospend.csv")

    response = confirm(as_ann, page)

    group = Group.objects.get(name="flat-trip")
    assert response["Location"] == url("group-detail", group)
    assert group.members.get(user=user).role == "admin"
    assert group.expenses.count() == 6
    assert "Imported flat-trip: 4 members, 5 expenses and 1 payments." in text(
        as_ann.get(response["Location"])
    )
    before = counts()
    again = confirm(as_ann, page)  # a second click, or the back button
    assert again.status_code == 400
    assert "expired or was imported already" in text(again)
    assert counts() == before
    assert list(pending_dir.iterdir()) == []  # the upload is not kept once imported


def test_a_ticket_is_for_its_uploader_only_and_cannot_be_forged(as_ann, login):
    page = upload(as_ann, sample("sample.spliit.json"), "spliit-json")
    before = counts()

    as_carol = login(UserFactory(username="carol"))
    for ticket in (page.context["ticket"], page.context["ticket"] + "x", "../../etc/passwd", ""):
        response = as_carol.post(url("import-confirm"), {"ticket": ticket})
        assert response.status_code == 400
        assert "expired or was imported already" in text(response)
    assert counts() == before
    assert confirm(as_ann, page).status_code == 302  # still there for its uploader


def test_an_old_preview_has_expired(as_ann, monkeypatch):
    from groups.web import uploads

    page = upload(as_ann, sample("sample.spliit.json"), "spliit-json")
    monkeypatch.setattr(uploads, "MAX_AGE", -1)
    before = counts()
    assert confirm(as_ann, page).status_code == 400
    assert counts() == before


def test_the_name_and_rates_chosen_are_what_the_confirmation_imports(as_ann):
    page = upload(
        as_ann,
        sample("sample.ihatemoney.json"),
        "ihatemoney-json",
        name="Holidays",
        rates="USD=0.9",
    )
    assert page.status_code == 200
    assert page.context["plan"].name == "Holidays"
    confirm(as_ann, page)
    assert Group.objects.filter(name="Holidays").exists()


@pytest.mark.parametrize(
    ("data", "format", "fields", "message"),
    [
        (None, "cospend-csv", {}, "Choose the file to import."),
        (b"x", "excel", {}, "Choose one of the formats listed."),
        (b"", "spliit-json", {}, "empty"),
        (sample("sample.cospend.csv"), "spliit-json", {}, "it looks like cospend-csv"),
        (b"\xff\xfe\x00bad", "cospend-csv", {}, "UTF-8"),
        (
            sample("sample.ihatemoney.json"),
            "ihatemoney-json",
            {"rates": "USD=abc"},
            "The rate of USD must be a positive number",
        ),
    ],
    ids=["no file", "unknown format", "empty", "other format", "not utf-8", "bad rate"],
)
def test_a_refused_upload_says_why_at_the_top_and_writes_nothing(
    as_ann, data, format, fields, message
):
    before = counts()
    body = {"format": format, **fields}
    if data is not None:
        body["file"] = SimpleUploadedFile("trip.txt", data)

    response = as_ann.post(url("import"), body)

    assert response.status_code == 400
    assert "data-error-summary" in text(response)
    assert message in text(response)
    assert counts() == before


def test_a_file_over_the_limit_is_a_413(as_ann, settings):
    settings.IMPORT_MAX_BYTES = 100
    before = counts()
    response = upload(as_ann, b"x" * 101, "cospend-csv")
    assert response.status_code == 413
    assert "larger than the limit" in text(response)
    response = upload(as_ann, b"x" * 200_000, "cospend-csv")
    assert response.status_code == 413
    assert counts() == before


def test_signed_out_visitors_are_sent_to_log_in(client):
    assert client.get(url("import"))["Location"].startswith("/accounts/login/")
    assert client.post(url("import-confirm"), {"ticket": "x"}).status_code == 302


# --- the round trip -----------------------------------------------------------------------


def test_export_then_import_gives_an_equal_group(as_ann, user, group, history, ann, bob, kid):
    exported = download(as_ann.get(url("export", group), {"format": "json"}))

    page = upload(as_ann, exported, "splitwise-group", "trip.json", name="Trip again")
    assert page.status_code == 200, text(page)
    response = confirm(as_ann, page)
    copy = Group.objects.get(name="Trip again")
    assert response["Location"] == url("group-detail", copy)

    again = json.loads(download(as_ann.get(url("export", copy), {"format": "json"})))
    original = json.loads(exported)
    original["group"]["name"] = "Trip again"
    for person in original["members"]:
        if person["username"] != "ann":
            person["username"] = None  # everyone but the importer comes in as a guest
    assert {**again, "exported_at": None} == {**original, "exported_at": None}

    def by_name(g):
        balances = member_balances(g.pk)
        return {m.name: balances.get(m.pk, Decimal(0)) for m in g.members.all()}

    assert by_name(copy) == by_name(group)
    assert by_name(group)["Kid"] != 0
