"""Restoring an SQLite backup into the live database, in one transaction.

The service's connections stay open and simply see the restored database at their next
transaction, as they would see any other write: nothing needs them closed, and no process can
go on writing into a file that is no longer the database (which replacing the file would
allow, losing what it wrote). In one transaction holding the write lock: a copy of what is
replaced is kept, every table, index, trigger and view is dropped and recreated from the
backup's own SQL, every row and the AUTOINCREMENT counters copied, and the result checked
against the backup (same schema, same rows per table) before it commits — all of it or
nothing. Readers carry on meanwhile with what was there; maintenance keeps new requests away.

A database too damaged to be changed this way is replaced as a file instead
(``sqlite_replace``), which needs every other process to have closed it.
"""

import contextlib
import sqlite3
from pathlib import Path
from urllib.parse import quote

from ops import DatabaseLocked, OperationError, sqlite

# Objects of the application, not SQLite's own (sqlite_sequence, sqlite_stat1, autoindexes).
OWN = "name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"


def restore_in_place(
    target: Path, backup: Path, *, keep_as: Path, timeout: float, expected: dict
) -> dict[str, int]:
    """Make the database at ``target`` hold exactly what ``backup`` holds; the row counts.

    What it held is copied to ``keep_as`` first, in the same transaction.
    """
    conn = sqlite.connect(target, readonly=False, timeout=timeout)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")  # tables are dropped and refilled in any order
        conn.execute("ATTACH DATABASE ? AS backup", (f"file:{quote(str(backup))}?mode=ro",))
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if sqlite.is_locked(error):
                raise DatabaseLocked(f"The database {target}", timeout) from None
            raise
        try:
            # Another connection reads what we have not changed yet: exactly what is replaced.
            sqlite.copy_snapshot(target, keep_as, timeout=timeout)
            _replace_contents(conn)
            counts = sqlite.table_counts(conn)
            if counts != expected:
                raise OperationError(f"Restoring {backup} gave {counts}, not {expected}.")
            if _schema(conn, "main") != _schema(conn, "backup"):
                raise OperationError(f"Restoring {backup} did not give its schema.")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            keep_as.unlink(missing_ok=True)
            raise
        conn.execute("DETACH DATABASE backup")
        with contextlib.suppress(sqlite3.Error):  # readers busy: SQLite checkpoints later
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return counts
    finally:
        conn.close()


def _replace_contents(conn: sqlite3.Connection) -> None:
    for kind, name in conn.execute(
        f"SELECT type, name FROM main.sqlite_master WHERE type IN ('table', 'view') AND {OWN}"
    ).fetchall():
        conn.execute(f"DROP {kind.upper()} main.{_quote(name)}")  # its indexes and triggers too
    incoming = conn.execute(
        f"SELECT type, name, sql FROM backup.sqlite_master WHERE sql IS NOT NULL AND {OWN} "
        "ORDER BY rowid"
    ).fetchall()
    tables = [(name, sql) for kind, name, sql in incoming if kind == "table"]
    for _, sql in tables:
        conn.execute(sql)
    for name, _ in tables:
        conn.execute(f"INSERT INTO main.{_quote(name)} SELECT * FROM backup.{_quote(name)}")
    if _has_table(conn, "main", "sqlite_sequence"):
        conn.execute("DELETE FROM main.sqlite_sequence")
        if _has_table(conn, "backup", "sqlite_sequence"):
            conn.execute("INSERT INTO main.sqlite_sequence SELECT * FROM backup.sqlite_sequence")
    # Indexes are built once the rows are in (faster); triggers must not fire on the copy.
    for kind, _, sql in incoming:
        if kind != "table":
            conn.execute(sql)
    (version,) = conn.execute("PRAGMA backup.user_version").fetchone()
    conn.execute(f"PRAGMA main.user_version = {int(version)}")


def _schema(conn: sqlite3.Connection, database: str) -> list[tuple]:
    return conn.execute(
        f"SELECT type, name, tbl_name, sql FROM {database}.sqlite_master "
        f"WHERE sql IS NOT NULL AND {OWN} ORDER BY type, name"
    ).fetchall()


def _has_table(conn: sqlite3.Connection, database: str, name: str) -> bool:
    query = f"SELECT 1 FROM {database}.sqlite_master WHERE type = 'table' AND name = ?"
    return conn.execute(query, (name,)).fetchone() is not None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
