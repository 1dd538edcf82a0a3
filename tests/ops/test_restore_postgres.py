"""restore_db on PostgreSQL: exactly the backup — tables, rows and sequences — and nothing made
after it, in one transaction that waits for no reader and gives up clearly on a writer."""

import subprocess

import pytest

from tests.ops import scratch_db
from tests.ops.scratch_db import on_postgres

pytestmark = on_postgres

SEQUENCES = (
    "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
)
TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"


@pytest.fixture
def seeded(postgres_scratch, tmp_path):
    """A seeded scratch database and a backup of it."""
    url = postgres_scratch()
    seed = scratch_db.python(url, scratch_db.SEED, stderr=subprocess.PIPE)
    assert seed.wait(timeout=120) == 0, seed.stderr.read()
    result = scratch_db.manage(url, "backup_db", "--output", str(tmp_path / "b.dump"))
    assert result.returncode == 0, result.stderr
    return url, tmp_path / "b.dump"


def state(url: str) -> tuple:
    return (
        scratch_db.postgres_rows(url, TABLES),
        scratch_db.postgres_counts(url),
        scratch_db.postgres_rows(url, SEQUENCES),
    )


def test_restore_is_exact_and_leaves_nothing_made_after_the_backup(seeded, tmp_path):
    import psycopg

    url, backup = seeded
    expected = state(url)
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE made_later (x integer)")
        conn.execute("INSERT INTO made_later VALUES (1)")
        conn.execute(
            "INSERT INTO expense_groups (name, currency, created_at) VALUES ('Later', 'EUR', now())"
        )
        conn.execute("SELECT setval('expenses_id_seq', 9000)")
        conn.execute("DELETE FROM expense_shares")
    env = {**scratch_db.environment(url), "DJANGO_BACKUP_DIR": str(tmp_path / "kept")}

    from tests import processes

    result = processes.manage("restore_db", str(backup), "--noinput", env=env)

    assert result.returncode == 0, result.stderr
    assert state(url) == expected
    [kept] = (tmp_path / "kept").glob("*.before-restore.dump")
    assert f"What it replaced is kept as {kept}" in result.stdout
    listing = subprocess.run(["pg_restore", "--list", str(kept)], capture_output=True, text=True)
    assert "TABLE DATA public made_later" in listing.stdout


def test_a_service_connection_sees_the_restored_database(seeded):
    import psycopg

    url, backup = seeded
    with psycopg.connect(url, autocommit=True) as service:
        service.execute("UPDATE expense_groups SET name = 'Renamed since' WHERE name = 'Trip'")

        result = scratch_db.manage(url, "restore_db", str(backup), "--noinput")
        names = service.execute("SELECT name FROM expense_groups ORDER BY id").fetchall()

    assert result.returncode == 0, result.stderr
    assert names == [("Trip",), ("Flat",)]


def test_a_restore_gives_up_on_an_open_writer_and_changes_nothing(seeded):
    import psycopg

    url, backup = seeded
    with psycopg.connect(url) as writer:
        writer.execute("UPDATE expense_groups SET name = 'Being written' WHERE name = 'Trip'")
        before = state(url)
        result = scratch_db.manage(url, "restore_db", str(backup), "--noinput", "--lock-timeout=1")
        during = state(url)

    assert result.returncode == 1
    assert "is locked by another connection: waited 1 s" in result.stderr
    assert during == before
    assert ("Being written",) in scratch_db.postgres_rows(url, "SELECT name FROM expense_groups")
