"""Online, verified backups of the configured database.

SQLite: the backup API copies one consistent snapshot while the service keeps writing, then
the copy must pass ``PRAGMA integrity_check`` and hold exactly the rows the snapshot held.
PostgreSQL: ``pg_dump --format=custom`` of the application's schema, from the snapshot the
row counts were taken in.

Backups go to the backup directory (``settings.BACKUP_DIR``: ``DJANGO_BACKUP_DIR``, else the
SQLite database's directory, or the project's for PostgreSQL) under a name that says which
database and when: ``db.sqlite3.backup.YYYYMMDD_HHMMSS``, ``NAME.backup.YYYYMMDD_HHMMSS.dump``.
``prune`` deletes those older than a number of days by that name.
"""

import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ops import OperationError, postgres, schema, sqlite


@dataclass(frozen=True)
class Backup:
    """A verified backup file: the rows each table held at the moment of the copy."""

    path: Path
    counts: dict[str, int]
    size: int
    seconds: float


def database_path(connection) -> Path:
    """The SQLite file behind ``connection``."""
    if connection.is_in_memory_db():
        raise OperationError("The database is in memory: there is no file to back up or restore.")
    return Path(connection.settings_dict["NAME"]).absolute()


STAMP = "%Y%m%d_%H%M%S"


def backup_directory() -> Path:
    """The configured backup directory, created (private to its owner) if it is missing."""
    directory = Path(settings.BACKUP_DIR)
    if not directory.is_dir():
        try:
            directory.mkdir(mode=0o700, parents=True)
        except OSError as error:
            raise OperationError(
                f"Cannot create the backup directory {directory} (DJANGO_BACKUP_DIR): {error}. "
                "Nothing was changed."
            ) from None
    return directory


def base_name(connection) -> str:
    """What a backup's name starts with: the database file's name, or the database's."""
    if connection.vendor == "sqlite":
        return database_path(connection).name
    return str(connection.settings_dict["NAME"])


def default_path(
    connection, now: datetime | None = None, directory: Path | None = None, suffix: str = ""
) -> Path:
    """``db.sqlite3.backup.YYYYMMDD_HHMMSS`` (``NAME.backup.YYYYMMDD_HHMMSS.dump`` for
    PostgreSQL) in ``directory``, by default the backup directory; ``_2``, ``_3``… added
    should that name be taken."""
    stamp = (now or datetime.now()).strftime(STAMP)
    directory = directory or backup_directory()
    extension = "" if connection.vendor == "sqlite" else ".dump"
    return unused_path(directory, f"{base_name(connection)}.backup.{stamp}", suffix + extension)


def unused_path(directory: Path, stem: str, suffix: str = "") -> Path:
    """``directory/stem+suffix``, or with ``_2``, ``_3``… after ``stem`` if that exists."""
    path, number = directory / f"{stem}{suffix}", 2
    while path.exists():
        path, number = directory / f"{stem}_{number}{suffix}", number + 1
    return path


def back_up(
    connection,
    output: Path | None = None,
    *,
    lock_timeout: float,
    progress: sqlite.Progress | None = None,
    in_transaction: bool = False,
) -> Backup:
    """Copy the database to ``output`` (a file name or a directory for the default name, or
    the default name next to the database) and verify the copy.

    ``in_transaction``: the caller holds the write lock in an open transaction (safe_migrate),
    so nothing can change and no snapshot of our own is needed.
    """
    if output and Path(output).is_dir():
        path = default_path(connection, directory=Path(output).absolute())
    else:
        path = Path(output).absolute() if output else default_path(connection)
    if path.exists():
        raise OperationError(f"{path} already exists; choose another name. Nothing was changed.")
    if not path.parent.is_dir():
        raise OperationError(f"There is no directory {path.parent}. Nothing was changed.")
    started = time.monotonic()
    partial = partial_file(path.parent, path.name)
    try:
        if connection.vendor == "sqlite":
            counts = _back_up_sqlite(connection, partial, lock_timeout, progress)
        elif connection.vendor == "postgresql":
            counts = _back_up_postgres(connection, partial, lock_timeout, in_transaction)
        else:
            raise OperationError(f"Backups of {connection.vendor} databases are not supported.")
        if connection.vendor == "sqlite":
            # As private as the database itself (the temporary file starts as 0600).
            shutil.copymode(database_path(connection), partial)
        os.replace(partial, path)
        sqlite.fsync_dir(path.parent)
    finally:
        partial.unlink(missing_ok=True)
    return Backup(path, counts, path.stat().st_size, time.monotonic() - started)


def _back_up_sqlite(connection, partial: Path, lock_timeout: float, progress) -> dict[str, int]:
    source = database_path(connection)
    if not source.is_file():
        raise OperationError(f"There is no database at {source}. Nothing was changed.")
    counts = sqlite.copy_snapshot(source, partial, timeout=lock_timeout, progress=progress)
    copied = sqlite.inspect(partial)
    if copied != counts:
        raise OperationError(f"The copy does not hold the rows it should: {copied} != {counts}.")
    return counts


def _back_up_postgres(connection, partial: Path, lock_timeout: float, in_transaction: bool):
    postgres.require_tool("pg_dump")
    name = postgres.current_schema(connection)
    if in_transaction:
        counts = schema.take(connection).counts
        postgres.dump(
            connection.settings_dict, partial, schema=name, snapshot=None, lock_timeout=lock_timeout
        )
    else:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            # pg_dump reads the very snapshot the counts were taken in.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            counts = schema.take(connection).counts
            postgres.dump(
                connection.settings_dict,
                partial,
                schema=name,
                snapshot=snapshot,
                lock_timeout=lock_timeout,
            )
    missing = set(counts) - postgres.archived_tables(partial, name)
    if missing:
        raise OperationError(f"The dump lacks the data of {', '.join(sorted(missing))}.")
    return counts


def partial_file(directory: Path, name: str) -> Path:
    """A new empty file in ``directory`` to build a copy in before it gets its final name."""
    fd, partial = tempfile.mkstemp(dir=directory, prefix=f"{name}.", suffix=".partial")
    os.close(fd)
    return Path(partial)


def prune(connection, directory: Path, keep_days: float, now: datetime | None = None) -> list[Path]:
    """Delete this database's backups in ``directory`` made more than ``keep_days`` ago.

    Only files named as backup_db, safe_migrate and restore_db name them are considered, aged
    by the moment in their name (a copy keeps its name, not its file time).
    """
    pattern = re.compile(
        re.escape(base_name(connection))
        + r"\.backup\.(?P<stamp>\d{8}_\d{6})(?:_\d+)?(?:\.before-restore)?(?:\.dump)?"
    )
    cutoff = (now or datetime.now()) - timedelta(days=keep_days)
    pruned = []
    for path in sorted(directory.iterdir()):
        match = pattern.fullmatch(path.name)
        if match and path.is_file() and datetime.strptime(match["stamp"], STAMP) < cutoff:
            path.unlink()
            pruned.append(path)
    if pruned:
        sqlite.fsync_dir(directory)
    return pruned
