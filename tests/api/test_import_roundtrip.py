"""Our own export imported again: every ledger field comes back, and so do the balances."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from groups.models import Activity, Category, Expense, Group, RecurringSeries, Share
from groups.selectors.balances import member_balances
from groups.services.categories import category_create
from groups.services.comments import comment_add
from groups.services.expenses import Participant, Payer, expense_create
from groups.services.rates import rate_set
from tests.api.ledger_world import build_world

pytestmark = pytest.mark.django_db


def export(api, group_id: int, format: str = "json") -> str:
    response = api.get(f"/api/groups/{group_id}/export/", {"format": format})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def import_(api, text: str, **fields):
    body = {"file": SimpleUploadedFile("trip.json", text.encode()), "format": "splitwise-group"}
    return api.post("/api/groups/import/", {**body, **fields}, format="multipart")


def comparable(text: str) -> dict:
    """An export without what an import renews: the moment of export."""
    document = json.loads(text)
    document.pop("exported_at")
    return document


@pytest.fixture
def ledger(group, ann, bob, kid):
    """Every kind of row an export carries: build_world's, and a converted expense in a
    category of the group's own, with notes, comments and the rate table."""
    build_world(group, ann, bob, kid)
    category_create(group=group, name="Boat trips")
    rate_set(group=group, currency="USD", rate="0.9", date=date(2026, 1, 1))
    boat = expense_create(
        group=group,
        created_by=ann.user,
        description="Boat",
        amount=Decimal("100.00"),
        currency="USD",
        exchange_rate="0.9234567891",
        split="percent",
        participants=[Participant(ann.pk, Decimal(50)), Participant(kid.pk, Decimal(50))],
        payers=[Payer(bob.pk, Decimal("60.00")), Payer(ann.pk, Decimal("40.00"))],
        date=date(2026, 2, 1),
        category="boat-trips",
        notes="Deposit paid in cash.\nReceipt in the glovebox.",
    )
    comment_add(expense=boat, author=ann.user, text="Worth it")
    comment_add(expense=boat, author=bob.user, text="=1+1 is not a formula here")
    return group


def test_the_export_carries_every_ledger_field(api, ledger):
    document = json.loads(export(api, ledger.pk))

    assert document["categories"] == [{"slug": "boat-trips", "name": "Boat trips"}]
    assert document["rates"] == [{"currency": "USD", "date": "2026-01-01", "rate": "0.9"}]
    boat = next(e for e in document["expenses"] if e["description"] == "Boat")
    assert (boat["amount"], boat["currency"], boat["exchange_rate"], boat["group_amount"]) == (
        "100.00",
        "USD",
        "0.9234567891",
        "92.35",
    )
    assert (boat["category"], boat["split"]) == ("boat-trips", "percent")
    assert boat["notes"] == "Deposit paid in cash.\nReceipt in the glovebox."
    assert [(c["author"], c["text"]) for c in boat["comments"]] == [
        ("ann", "Worth it"),
        ("bob", "=1+1 is not a formula here"),
    ]
    assert sum(Decimal(s["paid"]) for s in boat["shares"]) == Decimal("92.35")
    assert sum(e["deleted"] for e in document["expenses"]) == 2
    assert [(s["every"], s["active"], s["stopped"]) for s in document["recurring"]] == [
        ("month", True, False),
        ("month", False, False),
        ("week", False, True),
    ]
    assert document["recurring"][1]["paused_reason"] == "Paused."


def test_importing_our_export_gives_the_same_export_and_balances(api, ledger, ann):
    before = export(api, ledger.pk)

    response = import_(api, before)

    assert response.status_code == 201, response.json()
    copy = Group.objects.get(pk=response.json()["group"]["id"])
    after = export(api, copy.pk)
    original, imported = comparable(before), comparable(after)
    # Everyone but the importer becomes a guest: bob's username stays behind, and so does
    # his authorship of his comments.
    bob = next(m for m in original["members"] if m["username"] == "bob")
    bob["username"] = None
    bobs = [c for e in original["expenses"] for c in e["comments"] if c["author"] == "bob"]
    assert len(bobs) == 2
    for comment in bobs:
        comment["author"] = None
    assert imported == original
    by_name = {m.name: b for m, b in _balances(ledger).items()}
    assert {m.name: b for m, b in _balances(copy).items()} == by_name
    assert (
        "Comments by others registered in the file are kept without their author: bob."
        in (response.json()["warnings"])
    )


def test_the_import_writes_each_field_exactly(api, ledger):
    response = import_(api, export(api, ledger.pk))

    copy = Group.objects.get(pk=response.json()["group"]["id"])
    boat = Expense.objects.get(group=copy, description="Boat")
    assert (boat.amount, boat.currency, boat.exchange_rate, boat.group_amount) == (
        Decimal("100.00"),
        "USD",
        Decimal("0.9234567891"),
        Decimal("92.35"),
    )
    assert (boat.category, boat.legacy_category) == ("boat-trips", "")
    assert Category.objects.get(group=copy).name == "Boat trips"
    assert Expense.objects.filter(group=copy).trashed().count() == 2
    assert Share.objects.filter(group=copy, in_trash=True).count() == 4
    assert RecurringSeries.objects.filter(group=copy).count() == 3
    assert copy.members.get(name="Kid").managed_by.get_username() == "ann"
    assert not copy.members.get(name="Gone").is_active


def test_an_import_records_one_activity_entry(api, ledger):
    response = import_(api, export(api, ledger.pk))

    copy = Group.objects.get(pk=response.json()["group"]["id"])
    entries = Activity.objects.filter(group=copy)
    assert [(e.action, e.actor.username) for e in entries] == [("import.completed", "ann")]
    assert entries.get().summary == (
        "ann imported 6 expenses, 2 payments, 5 members from a splitwise-group file"
    )
    listed = api.get(f"/api/groups/{copy.pk}/activity/").json()["results"]
    assert [a["action"] for a in listed] == ["import.completed"]


def test_a_dry_run_records_nothing(api, ledger):
    before = Activity.objects.count()

    response = import_(api, export(api, ledger.pk), dry_run="true")

    assert response.status_code == 200
    assert Activity.objects.count() == before


def test_the_csv_leaves_the_trash_out(api, ledger):
    rows = export(api, ledger.pk, "csv").splitlines()

    live = Expense.objects.filter(group=ledger).live().count()
    assert len(rows) == 1 + live
    assert any(",USD,0.9234567891,92.35," in row for row in rows)


def _balances(group: Group) -> dict:
    balances = member_balances(group.pk)
    return {m: balances.get(m.pk, Decimal(0)) for m in group.members.all()}
