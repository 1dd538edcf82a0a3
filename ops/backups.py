"""Online, verified backups of the configured database.

SQLite: the backup API copies one consistent snapshot while the service keeps writing, then
the copy must pass ``PRAGMA integrity_check`` and hold exactly the rows the snapshot held.
PostgreSQL: ``pg_dump --format=custom`` from the snapshot the row counts were taken in.
"""

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

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


def default_path(connection, now: datetime | None = None, directory: Path | None = None) -> Path:
    """``db.sqlite3.backup.YYYYMMDD_HHMMSS`` next to the database (``NAME.backup…dump`` in the
    current directory for PostgreSQL), or in ``directory``; ``_2``, ``_3``… added should that
    name be taken."""
    stamp = (now or datetime.now()).strftime("%Y%m%d_%H%M%S")
    if connection.vendor == "sqlite":
        database = database_path(connection)
        return unused_path(directory or database.parent, f"{database.name}.backup.{stamp}")
    name = f"{connection.settings_dict['NAME']}.backup.{stamp}"
    return unused_path(directory or Path.cwd(), name, ".dump")


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
    if in_transaction:
        counts = schema.take(connection).counts
        postgres.dump(connection.settings_dict, partial, snapshot=None, lock_timeout=lock_timeout)
    else:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            # pg_dump reads the very snapshot the counts were taken in.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            counts = schema.take(connection).counts
            postgres.dump(
                connection.settings_dict, partial, snapshot=snapshot, lock_timeout=lock_timeout
            )
    missing = set(counts) - postgres.archived_tables(partial)
    if missing:
        raise OperationError(f"The dump lacks the data of {', '.join(sorted(missing))}.")
    return counts


def partial_file(directory: Path, name: str) -> Path:
    """A new empty file in ``directory`` to build a copy in before it gets its final name."""
    fd, partial = tempfile.mkstemp(dir=directory, prefix=f"{name}.", suffix=".partial")
    os.close(fd)
    return Path(partial)
