"""backup_db: an online, consistent, verified copy, made while the service keeps writing."""

import re
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from django.core.management.base import OutputWrapper

from ops import OperationError, backups, cli, postgres, report
from splitwise import cli as shared_cli
from tests import processes
from tests.ops import scratch_db
from tests.ops.scratch_db import on_postgres

# Three threads record expenses through the services until the stop file appears.
WRITER = """
import pathlib, threading
from decimal import Decimal
from django.db import connection
from groups.models import Group
from groups.services.expenses import Participant, Payer, expense_create

stop = pathlib.Path({stop!r})
group = Group.objects.get(name="Trip")
members = list(group.members.filter(is_active=True))
written = []

def write(n):
    count = 0
    while not stop.exists():
        expense_create(
            group=group, created_by=None, description=f"w{{n}}-{{count}}",
            amount=Decimal("10.01"), split="equal",
            participants=[Participant(m.pk) for m in members],
            payers=[Payer(members[n].pk, Decimal("10.01"))],
        )
        count += 1
        if count == 5:
            print("writing", flush=True)
    written.append(count)
    connection.close()

threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(sum(written), flush=True)
"""


def test_backup_is_a_verified_copy_named_after_the_database(db_file):
    result = scratch_db.manage(db_file, "backup_db")

    assert result.returncode == 0, result.stderr
    [backup] = scratch_db.backups_next_to(db_file)
    assert re.fullmatch(r"db\.sqlite3\.backup\.\d{8}_\d{6}", backup.name)
    assert scratch_db.dump(backup) == scratch_db.dump(db_file)
    assert scratch_db.integrity(backup) == "ok"
    assert "integrity_check: ok" in result.stdout
    counts = dict(scratch_db.query(db_file, "SELECT 'group_members', count(*) FROM group_members"))
    assert re.search(rf"^group_members +{counts['group_members']}$", result.stdout, re.M)
    assert not Path(f"{backup}-wal").exists()  # a self-contained file


def test_backup_taken_while_threads_insert_expenses_restores_sound(db_file, tmp_path):
    stop = tmp_path / "stop"
    writer = scratch_db.python(db_file, WRITER.format(stop=str(stop)), stdout=subprocess.PIPE)
    try:
        assert writer.stdout.readline().strip() == "writing"
        result = scratch_db.manage(db_file, "backup_db", "--output", str(tmp_path / "during"))
    finally:
        stop.touch()
        written = int(writer.communicate(timeout=60)[0].split()[-1])
    assert result.returncode == 0, result.stderr

    backup = tmp_path / "during"
    seeded = len(scratch_db.query(scratch_db.seeded_template(), "SELECT id FROM expenses"))
    in_backup = len(scratch_db.query(backup, "SELECT id FROM expenses"))
    assert seeded < in_backup < seeded + written  # taken in the middle of the writes

    restored = scratch_db.manage(db_file, "restore_db", str(backup), "--noinput")
    assert restored.returncode == 0, restored.stderr
    assert scratch_db.integrity(db_file) == "ok"
    assert len(scratch_db.query(db_file, "SELECT id FROM expenses")) == in_backup
    assert set(scratch_db.balances_by_group(db_file).values()) == {0}
    assert scratch_db.unbalanced_expenses(db_file) == []


def test_backup_reads_beside_a_writer_that_holds_the_write_lock(db_file, tmp_path):
    writer = sqlite3.connect(db_file, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE expense_groups SET name = 'Uncommitted' WHERE name = 'Trip'")
    try:
        result = scratch_db.manage(
            db_file, "backup_db", "-o", str(tmp_path / "b"), "--lock-timeout=1"
        )
    finally:
        writer.execute("COMMIT")
        writer.close()

    assert result.returncode == 0, result.stderr
    in_backup = scratch_db.query(tmp_path / "b", "SELECT name FROM expense_groups")
    assert sorted(in_backup) == [("Flat",), ("Trip",)]  # committed at the moment of the copy
    assert ("Uncommitted",) in scratch_db.query(db_file, "SELECT name FROM expense_groups")


def test_backup_waits_for_an_exclusive_lock_then_says_so(db_file):
    holder = sqlite3.connect(db_file, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    started = time.monotonic()
    try:
        result = scratch_db.manage(db_file, "backup_db", "--lock-timeout", "0.5")
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert time.monotonic() - started >= 0.5
    assert result.returncode == 1
    assert "is locked by another connection: waited 0.5 s" in result.stderr
    assert "Nothing was changed." in result.stderr
    assert scratch_db.backups_next_to(db_file) == []
    assert not list(db_file.parent.glob("*.partial"))


def test_backup_of_a_missing_database_creates_nothing(tmp_path):
    result = scratch_db.manage(tmp_path / "absent.sqlite3", "backup_db")

    assert result.returncode == 1
    assert f"There is no database at {tmp_path / 'absent.sqlite3'}" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_backup_never_overwrites_an_existing_file(db_file, tmp_path):
    existing = tmp_path / "precious"
    existing.write_text("keep me")

    result = scratch_db.manage(db_file, "backup_db", "--output", str(existing))

    assert result.returncode == 1
    assert f"{existing} already exists" in result.stderr
    assert existing.read_text() == "keep me"


def test_backup_without_pg_dump_says_how_to_get_it(tmp_path):
    url = "postgres://postgres@127.0.0.1:1/nowhere"  # never reached: the check comes first
    env = {**scratch_db.environment(url), "PATH": str(tmp_path)}
    result = processes.manage("backup_db", env=env)

    assert result.returncode == 1
    assert "pg_dump was not found on PATH" in result.stderr
    assert "postgresql-client" in result.stderr


@on_postgres
def test_postgres_backup_restores_into_a_scratch_database(postgres_scratch, tmp_path):
    source = postgres_scratch()
    seed = scratch_db.python(source, scratch_db.SEED, stderr=subprocess.PIPE)
    assert seed.wait(timeout=120) == 0, seed.stderr.read()

    result = scratch_db.manage(source, "backup_db", "--output", str(tmp_path / "b.dump"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "b.dump").read_bytes().startswith(b"PGDMP")  # custom format
    counts = scratch_db.postgres_counts(source)
    assert re.search(rf"^group_members +{counts['group_members']}$", result.stdout, re.M)

    target = postgres_scratch()
    restored = scratch_db.manage(target, "restore_db", str(tmp_path / "b.dump"), "--noinput")
    assert restored.returncode == 0, restored.stderr
    assert scratch_db.postgres_counts(target) == counts
    sums = scratch_db.postgres_rows(
        target, "SELECT SUM(paid - owed) FROM expense_shares GROUP BY group_id"
    )
    assert {total for (total,) in sums} == {0}


def test_postgres_refuses_a_file_that_is_not_a_dump(tmp_path):
    bogus = tmp_path / "bogus.dump"
    bogus.write_text("not a dump")

    with pytest.raises(OperationError, match="is not a pg_dump custom-format backup"):
        postgres.archived_tables(bogus)


# --- the pure parts ---------------------------------------------------------------------------


class FakeConnection:
    vendor = "sqlite"

    def __init__(self, name):
        self.settings_dict = {"NAME": str(name), "OPTIONS": {"timeout": 7}}

    def is_in_memory_db(self):
        return False


def test_default_backup_names_never_collide(tmp_path, settings):
    from datetime import datetime

    settings.BACKUP_DIR = tmp_path
    connection = FakeConnection(tmp_path / "db.sqlite3")
    moment = datetime(2026, 11, 25, 17, 30, 5)

    first = backups.default_path(connection, moment)
    first.touch()
    second = backups.default_path(connection, moment)

    assert first.name == "db.sqlite3.backup.20261125_173005"
    assert second.name == "db.sqlite3.backup.20261125_173005_2"
    elsewhere = backups.default_path(connection, moment, directory=tmp_path / "backups")
    assert elsewhere == tmp_path / "backups" / "db.sqlite3.backup.20261125_173005"


def test_lock_timeout_defaults_to_the_database_setting():
    connection = FakeConnection("db.sqlite3")

    assert cli.lock_timeout(connection, None) == 7
    assert cli.lock_timeout(connection, 0.5) == 0.5


def test_counts_table_aligns_numbers_and_marks_missing_tables():
    lines = report.counts_table(("Now", {"a": 1200, "bb": 3}), ("Backup", {"a": 5}))

    assert lines == [
        "Table    Now  Backup",
        "a      1,200       5",
        "bb         3       -",
    ]


def test_progress_is_one_redrawn_line(tmp_path):
    out = tmp_path / "out"
    with out.open("w") as stream:
        progress = shared_cli.ProgressLine(OutputWrapper(stream))
        for done in (0, 512, 513, 1024):
            progress(done, 1024)

    assert out.open(newline="").read() == (
        "\rCopying:   0% (0 of 1,024 pages)"
        "\rCopying:  50% (512 of 1,024 pages)"
        "\rCopying: 100% (1,024 of 1,024 pages)\n"
    )
