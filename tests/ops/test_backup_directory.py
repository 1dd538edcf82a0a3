"""Where backups go (DJANGO_BACKUP_DIR, else beside the SQLite file, or the project's directory
for PostgreSQL) and ``backup_db --keep-days N``, which prunes the older ones."""

from datetime import datetime, timedelta
from pathlib import Path

from ops import backups
from tests import processes
from tests.ops import scratch_db

STAMP = "%Y%m%d_%H%M%S"


class PostgresConnection:
    vendor = "postgresql"
    settings_dict = {"NAME": "splitwise"}


def test_backups_go_to_the_configured_directory_made_if_missing(db_file, tmp_path):
    directory = tmp_path / "backups" / "splitwise"
    env = {**scratch_db.environment(db_file), "DJANGO_BACKUP_DIR": str(directory)}

    result = processes.manage("backup_db", env=env)

    assert result.returncode == 0, result.stderr
    [backup] = directory.glob("db.sqlite3.backup.*")
    assert f"Backed up to {backup}" in result.stdout
    assert scratch_db.dump(backup) == scratch_db.dump(db_file)
    assert directory.stat().st_mode & 0o777 == 0o700
    assert scratch_db.backups_next_to(db_file) == []


def test_postgres_backups_default_to_the_backup_directory_not_the_current_one(
    settings, tmp_path, monkeypatch
):
    settings.BACKUP_DIR = tmp_path / "backups"
    monkeypatch.chdir(tmp_path)

    path = backups.default_path(PostgresConnection(), datetime(2026, 12, 1, 9, 30))

    assert path == tmp_path / "backups" / "splitwise.backup.20261201_093000.dump"


def test_the_default_backup_directory_is_the_sqlite_files_or_the_projects():
    code = "from django.conf import settings; print(settings.BACKUP_DIR)"
    sqlite = processes.environment(
        {"SQLITE_PATH": "/srv/data/db.sqlite3"}, without=["DATABASE_URL", "DJANGO_BACKUP_DIR"]
    )
    postgres = processes.environment(
        {"DATABASE_URL": "postgres://splitwise@db.internal/splitwise"},
        without=["DJANGO_BACKUP_DIR"],
    )

    def printed(env):
        return processes.manage("shell", "-c", code, env=env).stdout.strip().splitlines()[-1]

    assert printed(sqlite) == "/srv/data"
    assert printed(postgres) == str(processes.ROOT)


def old_backups(directory: Path, now: datetime) -> dict[str, Path]:
    """Files of every kind the pruning must tell apart, made ``days`` ago."""

    def stamp(days: float) -> str:
        return (now - timedelta(days=days)).strftime(STAMP)

    names = {
        "old": f"db.sqlite3.backup.{stamp(30)}",
        "old_second": f"db.sqlite3.backup.{stamp(8)}_2",
        "old_replaced": f"db.sqlite3.backup.{stamp(9)}.before-restore",
        "recent": f"db.sqlite3.backup.{stamp(6)}",
        "recent_replaced": f"db.sqlite3.backup.{stamp(1)}.before-restore",
        "other_database": f"other.sqlite3.backup.{stamp(30)}",
        "not_a_backup": f"db.sqlite3.backup.{stamp(30)}.notes.txt",
    }
    paths = {key: directory / name for key, name in names.items()}
    for path in paths.values():
        path.write_text("")
    return paths


def test_keep_days_prunes_this_databases_older_backups_only(db_file):
    paths = old_backups(db_file.parent, datetime.now())

    result = scratch_db.manage(db_file, "backup_db", "--keep-days", "7")

    assert result.returncode == 0, result.stderr
    pruned = {key for key, path in paths.items() if not path.exists()}
    assert pruned == {"old", "old_second", "old_replaced"}
    for key in pruned:
        assert f"Deleted {paths[key]} (older than 7 days)" in result.stdout
    new = [p for p in scratch_db.backups_next_to(db_file) if p not in paths.values()]
    assert len(new) == 1 and scratch_db.integrity(new[0]) == "ok"


def test_keep_days_deletes_nothing_when_the_backup_fails(db_file, tmp_path):
    paths = old_backups(db_file.parent, datetime.now())

    result = scratch_db.manage(
        db_file, "backup_db", "--keep-days", "7", "--output", str(tmp_path / "no" / "such")
    )

    assert result.returncode == 1
    assert all(path.exists() for path in paths.values())
