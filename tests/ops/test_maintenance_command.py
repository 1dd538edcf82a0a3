"""``maintenance on|off|status``, and safe_migrate and restore_db holding maintenance for exactly
as long as they change the database — seen from other processes, as a server would see it."""

import subprocess
import sys
import time

from splitwise.maintenance.stores import FileStore
from tests import processes
from tests.ops import scratch_db
from tests.ops.scratch_db import on_postgres

GET = """
from django.test import Client
response = Client().get("/api/groups/")
print(response.status_code, response.get("Retry-After"))
"""


def served(db) -> str:
    """How another process, a server's worker, answers a request now."""
    result = scratch_db.manage(db, "shell", "-c", GET)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_an_operator_turns_it_on_and_off_for_every_process(db_file):
    on = scratch_db.manage(db_file, "maintenance", "on", "--reason", "moving the server")
    during = served(db_file)
    status = scratch_db.manage(db_file, "maintenance", "status")
    off = scratch_db.manage(db_file, "maintenance", "off")

    assert on.returncode == 0, on.stderr
    assert "Maintenance is on until `maintenance off`." in on.stdout
    assert during == "503 30"
    assert "Maintenance: on" in status.stdout
    assert "moving the server: since" in status.stdout
    assert f"The flag lives in the file {db_file}.maintenance." in status.stdout
    assert "Schema: the database's migrations match this code." in status.stdout
    assert "Maintenance: off." in off.stdout
    assert served(db_file) == "401 None"


def test_on_for_some_minutes_announces_its_end(db_file):
    scratch_db.manage(db_file, "maintenance", "on", "--minutes", "2")

    status, retry_after = served(db_file).split()

    assert status == "503"
    assert 100 <= int(retry_after) <= 120


def watch(db_file, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run ``manage.py ARGS`` on ``db_file``, noting who held maintenance while it ran."""
    flag, seen = FileStore(f"{db_file}.maintenance"), set()
    command = [sys.executable, str(processes.ROOT / "manage.py"), *args]
    process = subprocess.Popen(
        command,
        env=scratch_db.environment(db_file),
        cwd=processes.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while process.poll() is None:
        if flag.read().active:
            seen.update(holder.reason for holder in flag.holders())
        time.sleep(0.001)
    out, err = process.communicate()
    return subprocess.CompletedProcess(command, process.returncode, out, err), seen


def test_safe_migrate_and_restore_hold_maintenance_while_they_run(db_file, tmp_path):
    back, during_back = watch(db_file, "safe_migrate", "groups", "0001", "--noinput")
    status = scratch_db.manage(db_file, "maintenance", "status")
    [backup] = scratch_db.backups_next_to(db_file)
    restore, during_restore = watch(db_file, "restore_db", str(backup), "--noinput")

    assert back.returncode == 0, back.stderr
    assert during_back == {"safe_migrate groups 0001"}
    assert "Maintenance: on (the service answers 503" in back.stdout
    assert "Maintenance: off." in back.stdout
    # The rollback is over, but this code needs 0002: the service says what to run.
    assert "Maintenance: off." in status.stdout
    assert "run `python manage.py safe_migrate`" in status.stdout
    assert "(behind: groups.0002_member_management, " in status.stdout
    assert restore.returncode == 0, restore.stderr
    assert during_restore == {f"restore_db {backup.name}"}
    assert not FileStore(f"{db_file}.maintenance").read().active
    assert served(db_file) == "401 None"


def test_an_operators_maintenance_outlasts_the_commands_run_inside_it(db_file):
    scratch_db.manage(db_file, "maintenance", "on")

    result = scratch_db.manage(db_file, "safe_migrate", "groups", "0001", "--noinput")

    assert result.returncode == 0, result.stderr
    assert served(db_file).startswith("503")
    scratch_db.manage(db_file, "maintenance", "off")


@on_postgres
def test_postgres_keeps_the_flag_in_a_table_of_its_own(postgres_scratch):
    url = postgres_scratch()
    migrated = scratch_db.manage(url, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr

    on = scratch_db.manage(url, "maintenance", "on")
    during = served(url)
    off = scratch_db.manage(url, "maintenance", "off")

    assert on.returncode == 0, on.stderr
    assert "The flag lives in the table splitwise_maintenance.holders" in on.stdout
    assert during == "503 30"
    assert off.returncode == 0, off.stderr
    assert served(url) == "401 None"
    rows = scratch_db.postgres_rows(url, "SELECT count(*) FROM splitwise_maintenance.holders")
    assert rows == [(0,)]
