"""0002 (member management) applies, rolls back and re-applies without losing a row."""

from decimal import Decimal

import pytest
from django.db import connection

GROUP_TABLES = ("expense_groups", "group_members", "expenses", "expense_shares")
BEFORE = ("groups", "0001_initial")
AFTER = ("groups", "0002_member_management")


def member_columns() -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, "group_members")
    return {column.name for column in description}


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in GROUP_TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def seed_at_0001(apps) -> None:
    """A group with two members and one expense, written with the 0001 models."""
    User = apps.get_model("auth", "User")
    Group = apps.get_model("groups", "Group")
    GroupMember = apps.get_model("groups", "GroupMember")
    Expense = apps.get_model("groups", "Expense")
    Share = apps.get_model("groups", "Share")
    ann = User.objects.create(username="ann")
    group = Group.objects.create(name="Trip", created_by=ann)
    parent = GroupMember.objects.create(group=group, user=ann, name="ann", role="admin")
    kid = GroupMember.objects.create(group=group, name="Kid")
    dinner = Expense.objects.create(group=group, description="Dinner", amount=Decimal("30.00"))
    Share.objects.create(
        expense=dinner, group=group, member=parent, paid=Decimal("30.00"), owed=Decimal("15.00")
    )
    Share.objects.create(expense=dinner, group=group, member=kid, owed=Decimal("15.00"))


def test_member_management_round_trip_keeps_every_row(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    seed_at_0001(old.apps)
    seeded = row_counts()
    assert "managed_by_id" not in member_columns()

    new = migrator.apply_tested_migration(AFTER)
    assert {"managed_by_id", "managed_by_type"} <= member_columns()
    assert row_counts() == seeded
    GroupMember = new.apps.get_model("groups", "GroupMember")
    ContentType = new.apps.get_model("contenttypes", "ContentType")
    user_type, _ = ContentType.objects.get_or_create(app_label="auth", model="user")
    parent = GroupMember.objects.get(name="ann")
    GroupMember.objects.filter(name="Kid").update(
        managed_by_type=user_type, managed_by_id=parent.user_id
    )

    old_again = migrator.apply_tested_migration(BEFORE)
    assert not {"managed_by_id", "managed_by_type"} & member_columns()
    assert row_counts() == seeded
    Share = old_again.apps.get_model("groups", "Share")
    assert sorted(Share.objects.values_list("owed", flat=True)) == [Decimal("15.00")] * 2

    migrator.apply_tested_migration(AFTER)
    assert {"managed_by_id", "managed_by_type"} <= member_columns()
    assert row_counts() == seeded


def test_both_or_neither_constraint_exists_after_0002(migrator):
    migrator.apply_initial_migration(AFTER)
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "group_members")
    assert "member_managed_by_both_or_neither" in constraints
    indexed = [c["columns"] for c in constraints.values() if c["index"]]
    assert ["managed_by_type", "managed_by_id"] in indexed


@pytest.mark.django_db
def test_models_and_migrations_agree():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
