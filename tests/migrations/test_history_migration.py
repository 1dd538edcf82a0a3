"""0003 (activity, trash, recurring series, invite links) applies and rolls back.

Forwards it keeps every row and counts every existing share as live. Backwards it keeps every
row of the tables that existed before, but its own tables go, and with them the activity log;
so safe_migrate refuses to undo it while they hold rows.
"""

from decimal import Decimal

import pytest
from django.db import connection

from tests.migrations.test_migrations import row_counts
from tests.ops import scratch_db

BEFORE = ("groups", "0002_member_management")
AFTER = ("groups", "0003_activity_trash_recurring_invites")
LEDGER_TABLES = {"activity", "recurring_series", "recurring_occurrences", "invite_links"}


def tables() -> set[str]:
    return set(connection.introspection.table_names())


def seed_at_0002(apps) -> None:
    User = apps.get_model("auth", "User")
    Group = apps.get_model("groups", "Group")
    GroupMember = apps.get_model("groups", "GroupMember")
    Expense = apps.get_model("groups", "Expense")
    Share = apps.get_model("groups", "Share")
    ann = User.objects.create(username="ann")
    group = Group.objects.create(name="Trip", created_by=ann)
    parent = GroupMember.objects.create(group=group, user=ann, name="ann", role="admin")
    kid = GroupMember.objects.create(group=group, name="Kid")
    for amount in ("30.00", "8.00"):
        expense = Expense.objects.create(group=group, description="x", amount=Decimal(amount))
        Share.objects.create(
            expense=expense, group=group, member=parent, paid=Decimal(amount), owed=Decimal(0)
        )
        Share.objects.create(expense=expense, group=group, member=kid, owed=Decimal(amount))


def test_round_trip_keeps_the_rows_of_every_table_that_existed(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    seed_at_0002(old.apps)
    seeded = row_counts()
    assert not LEDGER_TABLES & tables()

    new = migrator.apply_tested_migration(AFTER)
    assert tables() >= LEDGER_TABLES
    assert row_counts() == seeded
    Share = new.apps.get_model("groups", "Share")
    Expense = new.apps.get_model("groups", "Expense")
    assert set(Share.objects.values_list("in_trash", flat=True)) == {False}
    assert set(Expense.objects.values_list("deleted_at", flat=True)) == {None}
    trashed = Expense.objects.get(amount=Decimal("8.00"))
    Expense.objects.filter(pk=trashed.pk).update(deleted_at="2026-01-01T00:00:00Z")
    Share.objects.filter(expense=trashed).update(in_trash=True)

    back = migrator.apply_tested_migration(BEFORE)
    assert not LEDGER_TABLES & tables()
    assert row_counts() == seeded  # the trashed expense is an ordinary one again
    OldShare = back.apps.get_model("groups", "Share")
    assert OldShare.objects.filter(expense_id=trashed.pk).count() == 2

    migrator.apply_tested_migration(AFTER)
    assert row_counts() == seeded


def test_the_balance_index_becomes_partial_over_live_shares(migrator):
    migrator.apply_initial_migration(AFTER)
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "expense_shares")
    index = constraints["share_group_balance"]
    assert index["columns"] == ["group_id", "member_id", "paid", "owed", "in_trash"]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'share_group_balance'")
            assert cursor.fetchone()[0].endswith('WHERE NOT "in_trash"')


@pytest.mark.slow
def test_safe_migrate_takes_the_activity_log_into_its_backup(tmp_path):
    db = scratch_db.copy_database(scratch_db.seeded_template(), tmp_path / "db.sqlite3")
    [(entries,)] = scratch_db.query(db, "SELECT COUNT(*) FROM activity")
    assert entries > 0
    log = scratch_db.query(db, "SELECT * FROM activity ORDER BY id")

    result = scratch_db.manage(db, "safe_migrate", "groups", "0002", "--noinput")

    assert result.returncode == 0, result.stderr
    assert f"activity ({entries} rows)" in result.stdout
    assert not scratch_db.query(db, "SELECT name FROM sqlite_master WHERE name = 'activity'")
    [backup] = scratch_db.backups_next_to(db)
    assert scratch_db.query(backup, "SELECT * FROM activity ORDER BY id") == log
