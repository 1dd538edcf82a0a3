"""The pure parts of safe_migrate: resolving plans, comparing counts and schemas, the summary."""

import pytest

from ops import OperationError, plans, report, schema

# --- the pure parts ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_plans_are_resolved_as_migrate_resolves_them():
    from django.db import connection

    with pytest.raises(OperationError, match="More than one migration matches '000' in app"):
        plans.resolve(connection, "groups", "000")
    rollback = plans.resolve(connection, "groups", "0001")
    # The latest migration is undone first, member management last.
    assert rollback.steps == (
        ("groups", "0010_spending_per_day", True),
        ("groups", "0009_statistics_indexes", True),
        ("groups", "0008_member_totals", True),
        ("groups", "0007_expense_amount_checks", True),
        ("groups", "0006_category_slugs", True),
        ("groups", "0005_expense_group_amounts", True),
        ("groups", "0004_currencies_categories_comments", True),
        ("groups", "0003_activity_trash_recurring_invites", True),
        ("groups", "0002_member_management", True),
    )
    assert rollback.backwards
    assert not plans.resolve(connection)


def test_lost_rows_names_every_table_that_lost_or_gained_rows():
    before = {"expenses": 3, "group_members": 5, "empty": 0, "django_migrations": 24}
    before |= {"auth_permission": 48, "gone": 2}
    after = {"expenses": 2, "group_members": 6, "django_migrations": 23, "auth_permission": 52}

    assert schema.lost_rows(before, after) == [
        "expenses: 3 rows before, 2 after",
        "gone: 2 rows before, and the table is gone",
        "group_members: 5 rows before, 6 after",
    ]


def test_changes_lists_added_and_removed_tables_and_columns():
    before = schema.Snapshot({"members": ("id", "name", "managed_by_id"), "old": ("id",)}, {})
    after = schema.Snapshot({"members": ("id", "name", "note"), "new": ("id",)}, {})

    assert schema.changes(before, after) == schema.Changes(
        added_tables=["new"],
        removed_tables=["old"],
        added_columns={"members": ["note"]},
        removed_columns={"members": ["managed_by_id"]},
    )


def test_summary_says_what_changed_how_long_and_where_the_backup_is(tmp_path):
    changes = schema.Changes(removed_columns={"group_members": ["managed_by_id", "x"]})

    lines = report.summary(
        changes,
        removed_values={"group_members.managed_by_id": 1},
        seconds=(0.25, 1.5),
        backup=tmp_path / "b",
    )

    assert lines == [
        "Summary:",
        "  Columns added:   none",
        "  Columns removed: group_members.managed_by_id (1 value), group_members.x",
        "  Tables added:    none",
        "  Tables removed:  none",
        "  Time:            0.25 s to migrate and verify, 1.50 s in all",
        f"  Backup:          {tmp_path / 'b'} (the removed values are kept there)",
    ]
