"""The seed_demo command: a believable trip, made through the services, seeded once."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from groups.models import Expense, Group, GroupMember, Share
from groups.seeding import demo
from groups.selectors.balances import group_balance_sheet

pytestmark = pytest.mark.django_db


def seed(*args, **options):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


def printed_logins(output):
    """The (username, password) pairs listed under "Log in with:"."""
    lines = output.split("Log in with:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    return [tuple(line.split()[:2]) for line in lines]


def test_seeding_creates_users_group_households_and_every_split():
    output = seed()

    assert "Created 'Lisbon trip' (EUR)" in output
    for url in ("http://127.0.0.1:8000/", "/api/docs/", "/admin/"):
        assert url in output
    assert User.objects.get(username="admin").is_superuser
    group = Group.objects.get(name="Lisbon trip")
    assert group.currency == "EUR"
    assert set(group.members.filter(user__isnull=False).values_list("name", flat=True)) == {
        "alice",
        "ben",
    }
    managers = {
        row.member.name: row.manager.name
        for row in group_balance_sheet(group).members
        if row.manager
    }
    assert managers == {"Maya": "alice", "Leo": "alice", "Chloe": "ben", "Rui": "Inês"}
    expenses = Expense.objects.filter(group=group, kind=Expense.Kind.EXPENSE)
    assert set(expenses.values_list("split", flat=True)) == {"equal", "exact", "percent", "shares"}
    assert any(e.shares.filter(paid__gt=0).count() == 2 for e in expenses)  # two payers
    assert Expense.objects.filter(group=group, kind=Expense.Kind.PAYMENT).count() == 1


def test_the_demo_balances_add_up():
    seed()
    group = demo.demo_group()
    sheet = group_balance_sheet(group)
    assert sum(row.balance for row in sheet.members) == 0
    assert sum(party.balance for party in sheet.aggregated) == 0
    assert len(sheet.aggregated) == 3  # three households: alice's, ben's and Inês's
    for expense in group.expenses.all():
        shares = list(expense.shares.all())
        assert sum(s.paid for s in shares) == sum(s.owed for s in shares) == expense.amount


def test_seeding_twice_does_not_duplicate():
    seed()
    counts = (User.objects.count(), Group.objects.count(), GroupMember.objects.count())
    shares = Share.objects.count()

    output = seed()

    assert "already exists" in output
    assert (User.objects.count(), Group.objects.count(), GroupMember.objects.count()) == counts
    assert Share.objects.count() == shares
    assert dict(printed_logins(output))["alice"] == "alice-demo-2026"


def test_the_printed_passwords_log_in():
    logins = printed_logins(seed())
    assert {username for username, _ in logins} == {"alice", "ben", "admin"}
    for username, password in logins:
        assert Client().login(username=username, password=password), username

    client = Client()
    client.login(username="alice", password=dict(logins)["alice"])
    assert client.get(f"/groups/{demo.demo_group().pk}/").status_code == 200
    admin = Client()
    admin.login(username="admin", password=dict(logins)["admin"])
    assert admin.get("/admin/groups/group/").status_code == 200


def test_reset_starts_the_demo_over():
    seed()
    old = demo.demo_group()
    alice = User.objects.get(username="alice")
    alice.set_password("something-else")
    alice.save()
    assert "(changed since seeding)" in seed()

    output = seed("--reset", "--noinput")

    assert "Deleted the demo group" in output and "Created 'Lisbon trip'" in output
    assert Group.objects.count() == 1 and not Group.objects.filter(pk=old.pk).exists()
    assert dict(printed_logins(output))["alice"] == "alice-demo-2026"
    assert Client().login(username="alice", password="alice-demo-2026")


def test_reset_asks_first(monkeypatch):
    seed()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        seed("--reset")
    assert Group.objects.count() == 1


def test_an_existing_account_keeps_its_password():
    User.objects.create_user("ben", password="bens-own-password")
    output = seed()
    assert dict(printed_logins(output))["ben"] == "(changed"
    assert Client().login(username="ben", password="bens-own-password")
