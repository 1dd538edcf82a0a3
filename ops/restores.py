"""Restores: a backup is checked before anything changes, then put in place whole, exactly.

While it is put in place, every server process is held in maintenance (503 with
Retry-After). SQLite: the backup is written into the live database in one transaction
(``sqlite_restore``), the old contents kept as a file next to the backups; a database too
damaged for that is replaced as a file (``sqlite_replace``). PostgreSQL: the old contents are
kept with ``pg_dump``, then the application's schema is swapped for the backup's in one
transaction (``postgres_restore``).
"""

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from django.db import connections

from ops import (
    DatabaseLocked,
    OperationError,
    postgres,
    postgres_restore,
    schema,
    sqlite,
    sqlite_replace,
    sqlite_restore,
)
from ops.backups import back_up, database_path, default_path, partial_file
from splitwise import maintenance


@dataclass(frozen=True)
class Restored:
    """A finished restore: the rows now in each table, and where the old contents were kept."""

    counts: dict[str, int]
    kept: Path | None


def contents(connection, path: Path) -> dict[str, int | None]:
    """The tables a backup holds, with their row counts where the format tells them (SQLite).

    Refuses, naming the reason, anything that is not a sound backup of this project.
    """
    path = Path(path).absolute()
    if connection.vendor == "sqlite":
        tables: dict[str, int | None] = dict(sqlite.inspect(path))
    else:
        name = postgres.current_schema(connection)
        tables = dict.fromkeys(sorted(postgres.archived_tables(path, name)))
    if schema.MIGRATIONS_TABLE not in tables or tables[schema.MIGRATIONS_TABLE] == 0:
        raise OperationError(
            f"{path} is not a backup of this project's database (it has no migration history)."
        )
    return tables


def current_counts(connection) -> dict[str, int] | None:
    """Rows per table in the database now, or None when it is missing or unreadable."""
    try:
        if connection.vendor == "sqlite":
            return sqlite.counts(database_path(connection))
        return schema.take(connection).counts
    except Exception:  # Only to describe what a restore replaces; the restore checks for itself.
        return None


def restore(
    connection, path: Path, *, lock_timeout: float, expected: dict | None = None
) -> Restored:
    """Put the backup at ``path`` in place of the database, holding maintenance meanwhile.

    ``expected``: what ``contents`` found in it, if the caller already checked it.
    """
    path = Path(path).absolute()
    expected = expected or contents(connection, path)
    with maintenance.hold(f"restore_db {path.name}"):
        if connection.vendor == "postgresql":
            return _restore_postgres(connection, path, expected, lock_timeout)
        return _restore_sqlite(connection, path, expected, lock_timeout)


def _restore_postgres(connection, path: Path, expected: dict, lock_timeout: float) -> Restored:
    name = postgres.current_schema(connection)
    # What it replaces, kept as a backup of its own (restore_db can put it back).
    kept = back_up(
        connection, default_path(connection, suffix=".before-restore"), lock_timeout=lock_timeout
    ).path
    connections.close_all()  # ours must not hold the tables the restore locks
    postgres_restore.restore(
        connection.settings_dict, path, schema=name, tables=set(expected), lock_timeout=lock_timeout
    )
    return Restored(schema.take(connection).counts, kept)


def _restore_sqlite(connection, path: Path, expected: dict, lock_timeout: float) -> Restored:
    target = database_path(connection)
    if not target.parent.is_dir():
        raise OperationError(f"There is no directory {target.parent}. Nothing was changed.")
    connections.close_all()  # our own connections must not hold the old file
    keep_as = default_path(connection, suffix=".before-restore")
    if target.exists():
        partial = partial_file(keep_as.parent, keep_as.name)
        partial.unlink()
        try:
            counts = sqlite_restore.restore_in_place(
                target, path, keep_as=partial, timeout=lock_timeout, expected=expected
            )
            shutil.copymode(target, partial)
            os.replace(partial, keep_as)
            sqlite.fsync_dir(keep_as.parent)
            return Restored(counts, keep_as)
        except DatabaseLocked:
            raise
        except (sqlite3.DatabaseError, OperationError) as error:
            if _readable(target):
                raise OperationError(
                    f"Restoring {path} failed: {error}. Nothing was changed."
                ) from None
            # Too damaged to be changed in place: replace the file (no one may have it open).
        finally:
            partial.unlink(missing_ok=True)
    return _replace_file(target, path, expected, keep_as, lock_timeout)


def _readable(path: Path) -> bool:
    try:
        conn = sqlite.connect(path, readonly=True, timeout=1)
        try:
            return conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def _replace_file(target: Path, path: Path, expected: dict, keep_as: Path, lock_timeout: float):
    partial = partial_file(target.parent, f"{target.name}-restore")
    try:
        counts = sqlite.copy_snapshot(path, partial, timeout=lock_timeout, journal_mode="WAL")
        if counts != expected:
            raise OperationError(f"Copying {path} gave {counts}, not {expected}.")
        if target.exists():
            _same_owner_and_mode(target, partial)
        kept = sqlite_replace.replace(target, partial, keep_as=keep_as, timeout=lock_timeout)
    finally:
        partial.unlink(missing_ok=True)
    return Restored(sqlite.counts(target, readonly=False), kept)


def _same_owner_and_mode(model: Path, path: Path) -> None:
    """Give ``path`` the owner and permissions of ``model``, so the service can still open it."""
    shutil.copymode(model, path)
    stat = model.stat()
    with contextlib.suppress(PermissionError):  # Only root may give files away.
        os.chown(path, stat.st_uid, stat.st_gid)
