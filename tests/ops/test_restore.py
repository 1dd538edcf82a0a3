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


def test_restore_refuses_while_another_process_has_the_database_open(db_file, backup):
    service = sqlite3.connect(db_file)
    service.execute("SELECT count(*) FROM expenses").fetchall()  # open, as a running service is
    before = scratch_db.dump(db_file)
    try:
        result = scratch_db.manage(
            db_file, "restore_db", str(backup), "--noinput", "--lock-timeout=0.5"
        )
    finally:
        service.close()

    assert result.returncode == 1
    assert "is in use by another process: waited 0.5 s" in result.stderr
    assert "Stop the application first" in result.stderr
    assert scratch_db.dump(db_file) == before
    assert list(db_file.parent.glob("*.before-restore")) == []


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
