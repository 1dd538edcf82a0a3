"""restore_db: checks the backup, says what it replaces, asks, and leaves nothing stale behind."""

import re
import sqlite3
import subprocess
import sys

import pytest

from ops import OperationError, sqlite
from tests.ops import scratch_db

# A process commits rows and dies without a checkpoint: they live only in the -wal file.
CRASH_AFTER_COMMIT = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("UPDATE group_members SET name = name || ' (stale)'")
conn.execute("DELETE FROM expense_shares")
os._exit(0)
"""


@pytest.fixture
def backup(db_file, tmp_path):
    """A backup of ``db_file``, made with the backup API as backup_db does."""
    return scratch_db.copy_database(db_file, tmp_path / "db.sqlite3.backup.20261125_120000")


def test_restore_next_to_a_stale_wal_gives_exactly_the_backup(db_file, backup):
    expected = scratch_db.dump(backup)
    subprocess.run([sys.executable, "-c", CRASH_AFTER_COMMIT, str(db_file)], check=True)
    assert (db_file.parent / "db.sqlite3-wal").stat().st_size > 0

    result = scratch_db.manage(db_file, "restore_db", str(backup), "--noinput")

    assert result.returncode == 0, result.stderr
    assert scratch_db.dump(db_file) == expected
    assert scratch_db.integrity(db_file) == "ok"
    # The replaced database, with what its -wal held, is kept rather than deleted.
    [kept] = db_file.parent.glob("db.sqlite3.backup.*.before-restore")
    assert f"kept as {kept}" in result.stdout
    assert scratch_db.query(kept, "SELECT count(*) FROM expense_shares") == [(0,)]
    names = scratch_db.query(kept, "SELECT name FROM group_members")
    assert all(name.endswith(" (stale)") for (name,) in names)


def test_restore_shows_what_it_replaces_and_no_keeps_everything(db_file, backup):
    conn = sqlite3.connect(db_file)
    with conn:
        conn.execute("UPDATE expense_groups SET name = 'Renamed since'")
    conn.close()
    before = scratch_db.dump(db_file)

    result = scratch_db.manage(db_file, "restore_db", str(backup), stdin="no\n")

    assert result.returncode == 1
    assert "Cancelled. Nothing was changed." in result.stderr
    assert "It replaces the database" in result.stdout
    assert "Table" in result.stdout and "Now" in result.stdout and "Backup" in result.stdout
    assert scratch_db.dump(db_file) == before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda path: path.unlink(), "There is no file"),
        (lambda path: path.write_bytes(path.read_bytes()[:6000]), "cannot be read|is damaged"),
    ],
    ids=["missing", "truncated"],
)
def test_restore_refuses_a_bad_backup_and_changes_nothing(db_file, backup, damage, message):
    damage(backup)
    before = db_file.read_bytes()

    result = scratch_db.manage(db_file, "restore_db", str(backup), "--noinput")

    assert result.returncode == 1
    assert re.search(message, result.stderr)
    assert "Nothing was changed." in result.stderr
    assert db_file.read_bytes() == before
    assert list(db_file.parent.glob("*.before-restore")) == []
    assert list(db_file.parent.glob("*.partial")) == []


def test_restore_while_another_process_has_the_database_open(db_file, backup):
    # A running service keeps its connection: it sees the restored database at its next
    # transaction, and writes into it, not into a file that is no longer the database.
    service = sqlite3.connect(db_file, isolation_level=None)
    service.execute("UPDATE expense_groups SET name = 'Renamed since' WHERE name = 'Trip'")
    assert service.execute("SELECT name FROM expense_groups ORDER BY id").fetchall()[0] == (
        "Renamed since",
    )
    expected = scratch_db.dump(backup)
    try:
        result = scratch_db.manage(db_file, "restore_db", str(backup), "--noinput")
        seen = service.execute("SELECT name FROM expense_groups ORDER BY id").fetchall()
        service.execute(
            "INSERT INTO expense_groups (name, currency, created_at) "
            "VALUES ('Written after', 'EUR', '2026-12-01')"
        )
    finally:
        service.close()

    assert result.returncode == 0, result.stderr
    assert seen == [("Trip",), ("Flat",)]
    names = scratch_db.query(db_file, "SELECT name FROM expense_groups ORDER BY id")
    assert names == [("Trip",), ("Flat",), ("Written after",)]

    def other_tables(lines):
        return [line for line in lines if "expense_groups" not in line and "sqlite_seq" not in line]

    assert other_tables(scratch_db.dump(db_file)) == other_tables(expected)
    [kept] = db_file.parent.glob("db.sqlite3.backup.*.before-restore")
    assert ("Renamed since",) in scratch_db.query(kept, "SELECT name FROM expense_groups")


def test_restore_waits_for_a_writer_then_says_so(db_file, backup):
    writer = sqlite3.connect(db_file, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE expense_groups SET name = 'Being written' WHERE name = 'Trip'")
    try:
        result = scratch_db.manage(
            db_file, "restore_db", str(backup), "--noinput", "--lock-timeout=0.5"
        )
    finally:
        writer.execute("COMMIT")
        writer.close()

    assert result.returncode == 1
    assert "is locked by another connection: waited 0.5 s" in result.stderr
    assert "Nothing was changed." in result.stderr
    assert ("Being written",) in scratch_db.query(db_file, "SELECT name FROM expense_groups")
    assert list(db_file.parent.glob("*.before-restore")) == []


def test_restore_leaves_nothing_made_after_the_backup(db_file, backup):
    conn = sqlite3.connect(db_file)
    with conn:
        conn.execute("CREATE TABLE made_later (x INTEGER)")
        conn.execute("CREATE INDEX made_later_x ON made_later (x)")
        conn.execute("INSERT INTO made_later VALUES (1)")
        conn.execute("DELETE FROM expense_shares")
        conn.execute(
            "INSERT INTO expense_groups (name, currency, created_at) "
            "VALUES ('Later', 'EUR', '2026-12-01')"
        )
    conn.close()

    result = scratch_db.manage(db_file, "restore_db", str(backup), "--noinput")

    assert result.returncode == 0, result.stderr
    assert scratch_db.dump(db_file) == scratch_db.dump(backup)  # schema, rows, sequences
    assert scratch_db.integrity(db_file) == "ok"


def test_a_database_too_damaged_to_change_is_replaced_as_a_file(db_file, backup):
    corrupt_pages(db_file)

    result = scratch_db.manage(db_file, "restore_db", str(backup), "--noinput")

    assert result.returncode == 0, result.stderr
    assert scratch_db.dump(db_file) == scratch_db.dump(backup)
    assert len(list(db_file.parent.glob("db.sqlite3.backup.*.before-restore"))) == 1


# --- checking backups, without a subprocess ------------------------------------------------


def corrupt_pages(path):
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 4] = b"\xa5" * (4096 * 2)  # two pages of garbage after the schema
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda path: path.write_text("SELECT 1;"), "is not an SQLite database"),
        (corrupt_pages, "is damaged: integrity_check found|cannot be read as a database"),
    ],
    ids=["text-file", "garbage-pages"],
)
def test_a_damaged_file_is_refused_naming_the_reason(backup, damage, message):
    damage(backup)

    with pytest.raises(OperationError, match=message):
        sqlite.inspect(backup)


def test_an_sqlite_file_of_something_else_is_not_taken_for_a_backup(tmp_path):
    from ops import restores

    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (text)")
    conn.close()

    class Connection:
        vendor = "sqlite"

    with pytest.raises(OperationError, match="is not a backup of this project's database"):
        restores.contents(Connection(), other)
