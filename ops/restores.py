"""Restores: a backup is checked before anything changes, then put in place whole.

SQLite: a verified copy is built next to the database and swapped in atomically, the old file
kept (see ``sqlite_replace``). PostgreSQL: ``pg_restore --clean --single-transaction``.
"""

import contextlib
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import connections

from ops import OperationError, postgres, schema, sqlite, sqlite_replace
from ops.backups import database_path, partial_file, unused_path


@dataclass(frozen=True)
class Restored:
    """A finished restore: the rows now in each table, and where the old database was kept."""

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
        tables = dict.fromkeys(sorted(postgres.archived_tables(path)))
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
    """Put the backup at ``path`` in place of the database.

    ``expected``: what ``contents`` found in it, if the caller already checked it.
    """
    path = Path(path).absolute()
    expected = expected or contents(connection, path)
    # Our own connections must not hold the old file (SQLite) or its tables (PostgreSQL).
    connections.close_all()
    if connection.vendor == "postgresql":
        postgres.restore(connection.settings_dict, path, lock_timeout=lock_timeout)
        return Restored(schema.take(connection).counts, None)
    target = database_path(connection)
    if not target.parent.is_dir():
        raise OperationError(f"There is no directory {target.parent}. Nothing was changed.")
    partial = partial_file(target.parent, f"{target.name}-restore")
    try:
        counts = sqlite.copy_snapshot(path, partial, timeout=lock_timeout, journal_mode="WAL")
        if counts != expected:
            raise OperationError(f"Copying {path} gave {counts}, not {expected}.")
        if target.exists():
            _same_owner_and_mode(target, partial)
        stamp = datetime.now().strftime("%Y%m%d_%H%M%S")
        kept = sqlite_replace.replace(
            target,
            partial,
            keep_as=unused_path(target.parent, f"{target.name}.backup.{stamp}", ".before-restore"),
            timeout=lock_timeout,
        )
    finally:
        partial.unlink(missing_ok=True)
    return Restored(sqlite.counts(target, readonly=False), kept)


def _same_owner_and_mode(model: Path, path: Path) -> None:
    """Give ``path`` the owner and permissions of ``model``, so the service can still open it."""
    shutil.copymode(model, path)
    stat = model.stat()
    with contextlib.suppress(PermissionError):  # Only root may give files away.
        os.chown(path, stat.st_uid, stat.st_gid)
