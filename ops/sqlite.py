"""SQLite files: consistent online copies, their verification, and what a database holds.

Plain ``sqlite3`` and no Django, so the same functions read the live database, a backup or a
copy. Never copy a WAL database with ``cp``: committed transactions may still live only in
its ``-wal`` file. The backup API reads through SQLite and copies exactly one snapshot.
"""

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from ops import DatabaseLocked, OperationError

HEADER = b"SQLite format 3\x00"
# Pages per backup step when progress is shown: 4 MiB at the default 4 KiB page size.
STEP_PAGES = 1024

Progress = Callable[[int, int], None]  # (pages copied, total pages)


def connect(path: Path, *, readonly: bool, timeout: float) -> sqlite3.Connection:
    """Open an existing database file (never create one), in autocommit mode."""
    mode = "ro" if readonly else "rw"
    return sqlite3.connect(
        f"file:{quote(str(path))}?mode={mode}", uri=True, timeout=timeout, isolation_level=None
    )


def is_locked(error: sqlite3.Error) -> bool:
    """Whether ``error`` is SQLite giving up on a lock after its busy timeout."""
    return isinstance(error, sqlite3.OperationalError) and (
        "locked" in str(error) or "busy" in str(error)
    )


def user_tables(conn: sqlite3.Connection) -> list[str]:
    """The database's tables, without SQLite's own (sqlite_sequence, sqlite_stat1, …)."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\' ORDER BY name"
    )
    return [name for (name,) in rows]


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table."""
    return {
        table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in user_tables(conn)
    }


def table_columns(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Column names per table, in table order."""
    return {
        table: tuple(row[1] for row in conn.execute(f'PRAGMA table_info("{table}")'))
        for table in user_tables(conn)
    }


def integrity_errors(conn: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA integrity_check`` finds wrong; empty when it answers ``ok``."""
    messages = [message for (message,) in conn.execute("PRAGMA integrity_check")]
    return [] if messages == ["ok"] else messages


def copy_snapshot(
    source: Path,
    dest: Path,
    *,
    timeout: float,
    progress: Progress | None = None,
    journal_mode: str = "DELETE",
) -> dict[str, int]:
    """Copy the database ``source`` into the new file ``dest``; the row counts it copied.

    ``dest`` ends in ``journal_mode``: DELETE for a self-contained backup (reading it creates
    no -wal or -shm next to it), WAL for a database the service will use.

    One read transaction spans the counts and every backup step, so the copy and the counts
    show the same moment while writers carry on (WAL lets them). Without it, each step would
    restart the copy whenever another connection commits, and a busy service could keep the
    backup from ever finishing.
    """
    try:
        src = connect(source, readonly=True, timeout=timeout)
    except sqlite3.OperationalError as error:
        raise OperationError(f"Cannot open the database {source}: {error}.") from None
    try:
        src.execute("BEGIN")
        counts = table_counts(src)
        dst = sqlite3.connect(dest, isolation_level=None)
        try:
            if progress is None:
                src.backup(dst)
            else:
                src.backup(
                    dst,
                    pages=STEP_PAGES,
                    progress=lambda status, left, total: progress(total - left, total),
                )
            dst.execute(f"PRAGMA journal_mode={journal_mode}")
        finally:
            dst.close()
        src.execute("COMMIT")
    except sqlite3.Error as error:
        if is_locked(error):
            raise DatabaseLocked(f"The database {source}", timeout) from None
        raise OperationError(f"Copying {source} failed: {error}.") from None
    finally:
        src.close()
    fsync(dest)
    return counts


def inspect(path: Path, *, timeout: float = 5.0) -> dict[str, int]:
    """Row counts of the database file at ``path``, after ``PRAGMA integrity_check`` passes.

    Raises ``OperationError`` naming the problem when the file is missing, is not an SQLite
    database, or fails the check. Opens the file read-only: inspecting changes nothing.
    """
    if not path.is_file():
        raise OperationError(f"There is no file {path}.")
    with path.open("rb") as file:
        if file.read(len(HEADER)) != HEADER:
            raise OperationError(f"{path} is not an SQLite database.")
    try:
        conn = connect(path, readonly=True, timeout=timeout)
        try:
            errors = integrity_errors(conn)
            if errors:
                shown = "; ".join(errors[:5])
                raise OperationError(f"{path} is damaged: integrity_check found {shown}.")
            return table_counts(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        if is_locked(error):
            raise DatabaseLocked(str(path), timeout) from None
        raise OperationError(f"{path} cannot be read as a database: {error}.") from None


def counts(path: Path, *, readonly: bool = True, timeout: float = 5.0) -> dict[str, int]:
    """Rows per table of the database file at ``path``."""
    conn = connect(path, readonly=readonly, timeout=timeout)
    try:
        return table_counts(conn)
    finally:
        conn.close()


def fsync(path: Path) -> None:
    """Flush a file's data to disk, then the directory entry that names it."""
    _fsync_path(path)
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Flush a directory, so a rename or a new file in it survives a crash."""
    _fsync_path(directory)


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
