"""safe_migrate: backup, plan, migrate and verify in one transaction, or nothing at all."""

import sqlite3
import subprocess
import threading
import time

import pytest

from tests.ops import scratch_db
from tests.ops.scratch_db import on_postgres

MANAGED = (
    "SELECT id, managed_by_type, managed_by_id FROM group_members "
    "WHERE managed_by_id IS NOT NULL ORDER BY id"
)
MEMBERS = "SELECT id, group_id, user_id, name, role, is_active, joined_at FROM group_members"
# The expenses' columns as 0001 made them: the later migrations add others.
EXPENSES = (
    "SELECT id, group_id, kind, description, amount, split, date, category, created_by_id, "
    "created_at, updated_at FROM expenses"
)
# Tables whose columns change between 0001 and the latest migration, compared on their own.
CHANGING = ("group_members", "expenses")
# Tables the latest migrations add, empty in the seeded database (and so dropped on the way
# back to 0001).
LEDGER_TABLES = ("exchange_rates", "expense_categories", "expense_comments")


def rows_of_every_table(db_file) -> dict[str, list[tuple]]:
    """All rows of the tables 0001 has but those whose columns change and django_migrations."""
    tables = [
        name
        for (name,) in scratch_db.query(
            db_file, "SELECT name FROM sqlite_master WHERE type='table'"
        )
        if name not in (*CHANGING, *LEDGER_TABLES, "django_migrations", "sqlite_sequence")
    ]
    return {t: scratch_db.query(db_file, f'SELECT * FROM "{t}" ORDER BY rowid') for t in tables}


def applied(db_file) -> set[tuple]:
    return set(scratch_db.query(db_file, "SELECT app, name FROM django_migrations"))


def test_dry_run_shows_the_plan_backs_up_and_changes_nothing(db_file):
    before_bytes, before_applied = db_file.read_bytes(), applied(db_file)

    result = scratch_db.manage(db_file, "safe_migrate", "groups", "0001", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "Planned operations:" in result.stdout
    assert "Undo Add field managed_by_id to groupmember" in result.stdout
    assert "Dry run: the database was not changed." in result.stdout
    assert db_file.read_bytes() == before_bytes
    assert applied(db_file) == before_applied
    [backup] = scratch_db.backups_next_to(db_file)
    assert scratch_db.dump(backup) == scratch_db.dump(db_file)


def test_running_it_when_there_is_nothing_to_do_says_so_and_touches_nothing(db_file):
    before = scratch_db.dump(db_file)

    result = scratch_db.manage(db_file, "safe_migrate", "--noinput")

    assert result.returncode == 0, result.stderr
    assert "Nothing to migrate" in result.stdout
    assert scratch_db.dump(db_file) == before
    assert scratch_db.backups_next_to(db_file) == []


def test_rollback_to_0001_and_forward_again_keep_every_row(db_file):
    scratch_db.at_member_management(db_file)
    managed, members, expenses, others = (
        scratch_db.query(db_file, MANAGED),
        scratch_db.query(db_file, MEMBERS),
        scratch_db.query(db_file, EXPENSES),
        rows_of_every_table(db_file),
    )
    assert len(managed) == 2  # a kid managed by a user, a baby by a guest

    back = scratch_db.manage(db_file, "safe_migrate", "groups", "0001", "--noinput")

    assert back.returncode == 0, back.stderr
    assert "Unapplying groups.0002_member_management... OK" in back.stdout
    assert "group_members.managed_by_id (2 values)" in back.stdout
    columns = [row[1] for row in scratch_db.query(db_file, "PRAGMA table_info(group_members)")]
    assert "managed_by_id" not in columns and "managed_by_type" not in columns
    assert scratch_db.query(db_file, MEMBERS) == members
    assert scratch_db.query(db_file, EXPENSES) == expenses
    assert rows_of_every_table(db_file) == others
    [rollback_backup] = scratch_db.backups_next_to(db_file)
    assert scratch_db.query(rollback_backup, MANAGED) == managed  # the managers are kept there

    forward = scratch_db.manage(
        db_file, "safe_migrate", "groups", scratch_db.MEMBER_MANAGEMENT, "--noinput"
    )

    assert forward.returncode == 0, forward.stderr
    assert "group_members.managed_by_id, group_members.managed_by_type" in forward.stdout
    assert scratch_db.query(db_file, MEMBERS) == members
    assert scratch_db.query(db_file, EXPENSES) == expenses
    assert rows_of_every_table(db_file) == others
    assert scratch_db.integrity(db_file) == "ok"

    # And the managers come back with the backup the rollback took.
    restored = scratch_db.manage(db_file, "restore_db", str(rollback_backup), "--noinput")
    assert restored.returncode == 0, restored.stderr
    assert scratch_db.query(db_file, MANAGED) == managed


def test_a_migration_failing_halfway_leaves_the_database_exactly_as_before(db_file):
    before = scratch_db.dump(db_file)

    result = scratch_db.manage(
        db_file, "safe_migrate", "--noinput", settings=scratch_db.FAILING_APP_SETTINGS
    )

    assert result.returncode == 1
    assert "Applying failing_app.0001_initial... OK" in result.stdout  # it got halfway
    assert "RuntimeError: this migration fails on purpose" in result.stderr
    [backup] = scratch_db.backups_next_to(db_file)
    assert f"exactly as it was before and matches the backup {backup}" in result.stderr
    assert scratch_db.dump(db_file) == before
    assert scratch_db.dump(backup) == before
    assert scratch_db.integrity(db_file) == "ok"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (["nosuchapp"], "No installed app with label 'nosuchapp'."),
        (["groups", "0099"], "Cannot find a migration matching '0099' from app 'groups'."),
    ],
    ids=["unknown-app", "unknown-migration"],
)
def test_a_wrong_app_or_migration_name_is_refused_before_anything_happens(db_file, target, message):
    before = scratch_db.dump(db_file)

    result = scratch_db.manage(db_file, "safe_migrate", *target, "--noinput")

    assert result.returncode == 1
    assert message in result.stderr
    assert scratch_db.dump(db_file) == before
    assert scratch_db.backups_next_to(db_file) == []


def test_a_database_locked_by_another_writer_waits_then_says_so(db_file):
    writer = sqlite3.connect(db_file, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE expense_groups SET name = 'Written meanwhile' WHERE name = 'Flat'")
    started = time.monotonic()
    try:
        result = scratch_db.manage(
            db_file, "safe_migrate", "groups", "0001", "--noinput", "--lock-timeout=1"
        )
    finally:
        waited = time.monotonic() - started
        writer.execute("COMMIT")
        writer.close()

    assert result.returncode == 1
    assert "is locked by another connection: waited 1 s" in result.stderr
    assert "Nothing was changed." in result.stderr
    assert waited >= 1
    assert ("groups", "0002_member_management") in applied(db_file)
    assert scratch_db.backups_next_to(db_file) == []
    assert ("Written meanwhile",) in scratch_db.query(db_file, "SELECT name FROM expense_groups")


def test_writers_wait_while_it_migrates_and_lose_nothing(db_file):
    scratch_db.at_member_management(db_file)
    seeded = len(scratch_db.query(db_file, "SELECT id FROM expenses"))
    stop, written, errors = threading.Event(), [], []
    writers = [
        threading.Thread(
            target=scratch_db.write_expenses_until, args=(db_file, stop, written, errors)
        )
        for _ in range(2)
    ]
    for writer in writers:
        writer.start()
    try:
        back = scratch_db.manage(db_file, "safe_migrate", "groups", "0001", "--noinput")
        forward = scratch_db.manage(db_file, "safe_migrate", "--noinput")
    finally:
        stop.set()
        for writer in writers:
            writer.join()

    assert back.returncode == 0, back.stderr
    assert forward.returncode == 0, forward.stderr
    assert errors == []
    assert sum(written) > 0
    assert len(scratch_db.query(db_file, "SELECT id FROM expenses")) == seeded + sum(written)
    assert set(scratch_db.balances_by_group(db_file).values()) == {0}
    assert scratch_db.unbalanced_expenses(db_file) == []


@pytest.fixture
def postgres_db(postgres_scratch):
    """A migrated, seeded scratch PostgreSQL database's URL."""
    url = postgres_scratch()
    seed = scratch_db.python(url, scratch_db.SEED, stderr=subprocess.PIPE)
    assert seed.wait(timeout=120) == 0, seed.stderr.read()
    return url


@on_postgres
def test_postgres_rollback_and_forward_keep_every_row(postgres_db, tmp_path):
    scratch_db.at_member_management(postgres_db)
    counts, managed = (
        scratch_db.postgres_counts(postgres_db),
        scratch_db.postgres_rows(postgres_db, MANAGED),
    )
    bookkeeping = {"django_migrations"}

    back = scratch_db.manage(
        postgres_db, "safe_migrate", "groups", "0001", "--noinput", "-o", str(tmp_path / "b.dump")
    )

    assert back.returncode == 0, back.stderr
    assert "group_members.managed_by_id, group_members.managed_by_type" in back.stdout
    after = scratch_db.postgres_counts(postgres_db)
    assert {t: n for t, n in after.items() if t not in bookkeeping} == {
        t: n for t, n in counts.items() if t not in (*bookkeeping, *LEDGER_TABLES)
    }

    forward = scratch_db.manage(
        postgres_db,
        "safe_migrate",
        "groups",
        scratch_db.MEMBER_MANAGEMENT,
        "--noinput",
        "-o",
        str(tmp_path / "f.dump"),
    )

    assert forward.returncode == 0, forward.stderr
    assert scratch_db.postgres_counts(postgres_db) == counts
    restored = scratch_db.manage(postgres_db, "restore_db", str(tmp_path / "b.dump"), "--noinput")
    assert restored.returncode == 0, restored.stderr
    assert scratch_db.postgres_rows(postgres_db, MANAGED) == managed


@on_postgres
def test_postgres_migration_failing_halfway_changes_nothing(postgres_db, tmp_path):
    tables = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
    before = scratch_db.postgres_counts(postgres_db), scratch_db.postgres_rows(postgres_db, tables)

    result = scratch_db.manage(
        postgres_db,
        "safe_migrate",
        "--noinput",
        "-o",
        str(tmp_path / "b.dump"),
        settings=scratch_db.FAILING_APP_SETTINGS,
    )

    assert result.returncode == 1
    assert "RuntimeError: this migration fails on purpose" in result.stderr
    assert "Rolled back: the database is exactly as it was before" in result.stderr
    after = scratch_db.postgres_counts(postgres_db), scratch_db.postgres_rows(postgres_db, tables)
    assert after == before


@on_postgres
def test_postgres_database_locked_by_another_writer_waits_then_says_so(postgres_db):
    import psycopg

    with psycopg.connect(postgres_db) as writer:
        writer.execute("UPDATE expense_groups SET name = 'Written meanwhile' WHERE name = 'Flat'")
        result = scratch_db.manage(
            postgres_db, "safe_migrate", "groups", "0001", "--noinput", "--lock-timeout=1"
        )
    # Leaving the block committed the writer's change.

    assert result.returncode == 1
    assert "is locked by another connection: waited 1 s" in result.stderr
    rows = scratch_db.postgres_rows(postgres_db, "SELECT app, name FROM django_migrations")
    assert ("groups", "0002_member_management") in rows
    assert ("Written meanwhile",) in scratch_db.postgres_rows(
        postgres_db, "SELECT name FROM expense_groups"
    )


UNDO_AFTER_A_ROLLBACK_THAT_DID_NOT_HOLD = """
from django.db import connection
from ops import backups, safe
backup = backups.back_up(connection, None, lock_timeout=5)
with connection.cursor() as cursor:
    cursor.execute("DELETE FROM expense_shares")  # what a failed rollback might leave behind
print(safe._undo(connection, RuntimeError("boom"), False, backup, 5))
"""


def test_when_the_rollback_leaves_the_database_changed_the_backup_is_restored(db_file):
    before = scratch_db.query(db_file, "SELECT * FROM expense_shares ORDER BY id")

    process = scratch_db.python(
        db_file, UNDO_AFTER_A_ROLLBACK_THAT_DID_NOT_HOLD, stdout=subprocess.PIPE
    )
    out, _ = process.communicate(timeout=60)

    assert process.returncode == 0
    assert "The migration failed: RuntimeError: boom" in out
    assert "Restored the backup" in out
    assert scratch_db.query(db_file, "SELECT * FROM expense_shares ORDER BY id") == before
    assert scratch_db.integrity(db_file) == "ok"
