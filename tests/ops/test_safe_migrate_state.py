"""What safe_migrate says about the state it leaves: exactly what it checked, which migrations
are applied, and what a plain ``migrate --check`` will say."""

import pytest

from ops import plans
from tests.ops import scratch_db


def test_with_nothing_to_do_it_shows_the_applied_migrations(db_file):
    result = scratch_db.manage(db_file, "safe_migrate", "--noinput")

    assert result.returncode == 0, result.stderr
    assert "Nothing to migrate: the database is already fully migrated." in result.stdout
    assert "Applied migrations, the latest of each app:" in result.stdout
    assert f"  groups        {scratch_db.latest_migration()}\n" in result.stdout
    assert "not applied" not in result.stdout


def test_after_a_rollback_it_says_what_was_checked_and_what_is_not_applied(db_file):
    back = scratch_db.manage(db_file, "safe_migrate", "groups", "0001", "--noinput")
    check = scratch_db.manage(db_file, "migrate", "--check")
    again = scratch_db.manage(db_file, "safe_migrate", "groups", "0001", "--noinput")

    assert back.returncode == 0, back.stderr
    assert (
        "Verified: every table that remains kept its rows, and `migrate groups 0001 --check` "
        "passes (the database is at groups 0001)." in back.stdout
    )
    assert "  groups        0001_initial  (not applied: 0002_member_management, " in back.stdout
    assert "Not applied: groups.0002_member_management, groups.0003_" in back.stdout
    assert check.returncode == 1  # as it says
    assert "Nothing to migrate: the database is already at groups 0001." in again.stdout
    assert "(not applied: 0002_member_management, " in again.stdout


def test_forward_it_checks_every_app(db_file):
    scratch_db.manage(db_file, "safe_migrate", "groups", "0001", "--noinput")

    forward = scratch_db.manage(db_file, "safe_migrate", "--noinput")

    assert forward.returncode == 0, forward.stderr
    assert (
        "`migrate --check` passes (the database is at the latest migration of every app)."
        in forward.stdout
    )
    assert scratch_db.manage(db_file, "migrate", "--check").returncode == 0


@pytest.mark.django_db
def test_the_applied_state_lists_every_app_with_migrations():
    from django.db import connection

    state = {app: (latest, pending) for app, latest, pending in plans.applied_state(connection)}

    assert state["groups"] == (scratch_db.latest_migration(), ())
    assert state["maintenance"] == ("0001_flag_table", ())
    assert {"admin", "auth", "contenttypes", "sessions", "authtoken"} <= set(state)
