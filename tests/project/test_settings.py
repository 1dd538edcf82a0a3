"""The default database settings, read back from a real SQLite file by the real settings."""

import json

import pytest

from tests import processes

READ_BACK = """
import json, sqlite3
from django.db import connection, transaction
with connection.cursor() as cursor:
    pragmas = {
        name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "busy_timeout", "foreign_keys")
    }
with transaction.atomic():
    # A DEFERRED transaction holds no lock until it writes; an IMMEDIATE one holds the write
    # lock from BEGIN, so a second writer that will not wait is refused at once.
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        pragmas["second_writer"] = "got the lock"
    except sqlite3.OperationalError as error:
        pragmas["second_writer"] = str(error)
print(json.dumps(pragmas))
"""


@pytest.fixture(scope="module")
def sqlite_settings_read_back(tmp_path_factory):
    db = tmp_path_factory.mktemp("settings") / "db.sqlite3"
    env = processes.environment({"SQLITE_PATH": str(db)}, without=["DATABASE_URL"])
    result = processes.manage("shell", "-c", READ_BACK, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sqlite_file_uses_wal_a_busy_timeout_and_foreign_keys(sqlite_settings_read_back):
    assert sqlite_settings_read_back["journal_mode"] == "wal"
    assert sqlite_settings_read_back["busy_timeout"] == 20_000
    assert sqlite_settings_read_back["foreign_keys"] == 1


def test_transactions_take_the_write_lock_when_they_begin(sqlite_settings_read_back):
    assert sqlite_settings_read_back["second_writer"] == "database is locked"


def test_production_refuses_to_start_without_a_secret_key():
    env = processes.environment({"DJANGO_DEBUG": "0"}, without=["DJANGO_SECRET_KEY"])
    result = processes.manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
