"""What a database holds, table by table, and what a migration changed in it.

``take`` reads a live database through Django's connection; everything else is pure and
compares two snapshots.
"""

import sqlite3
from dataclasses import dataclass, field

from ops import sqlite

# Django's bookkeeping: migrate records each migration it applies or unapplies (and
# ``migrate --check`` verifies that table); post_migrate adds the content types and permissions
# of new models, and never removes any.
MIGRATIONS_TABLE = "django_migrations"
MAY_GROW = frozenset({"django_content_type", "auth_permission"})


@dataclass(frozen=True)
class Snapshot:
    """Every table's columns and row count, and the migrations recorded as applied."""

    columns: dict[str, tuple[str, ...]]
    counts: dict[str, int]
    applied: frozenset[tuple[str, str]] = frozenset()

    def same_schema(self, other: "Snapshot") -> bool:
        return self.columns == other.columns and self.applied == other.applied


@dataclass(frozen=True)
class Changes:
    """Tables and columns that appeared or disappeared between two snapshots."""

    added_tables: list[str] = field(default_factory=list)
    removed_tables: list[str] = field(default_factory=list)
    added_columns: dict[str, list[str]] = field(default_factory=dict)
    removed_columns: dict[str, list[str]] = field(default_factory=dict)


def of_sqlite(conn: sqlite3.Connection) -> Snapshot:
    """The snapshot of an SQLite database, seen through a plain ``sqlite3`` connection."""
    columns = sqlite.table_columns(conn)
    applied = frozenset()
    if MIGRATIONS_TABLE in columns:
        applied = frozenset(conn.execute(f"SELECT app, name FROM {MIGRATIONS_TABLE}"))
    return Snapshot(columns, sqlite.table_counts(conn), applied)


def take(connection) -> Snapshot:
    """The snapshot of the database behind a Django connection, in its current transaction."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return of_sqlite(connection.connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t "
            "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
            "ORDER BY c.table_name, c.ordinal_position"
        )
        columns: dict[str, tuple[str, ...]] = {}
        for table, column in cursor.fetchall():
            columns[table] = (*columns.get(table, ()), column)
        counts = {}
        for table in columns:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        applied = frozenset()
        if MIGRATIONS_TABLE in columns:
            cursor.execute(f"SELECT app, name FROM {MIGRATIONS_TABLE}")
            applied = frozenset(map(tuple, cursor.fetchall()))
    return Snapshot(columns, counts, applied)


def changes(before: Snapshot, after: Snapshot) -> Changes:
    """The tables and columns added and removed from ``before`` to ``after``."""
    kept = [table for table in before.columns if table in after.columns]
    added_columns = {}
    removed_columns = {}
    for table in kept:
        if added := [c for c in after.columns[table] if c not in before.columns[table]]:
            added_columns[table] = added
        if removed := [c for c in before.columns[table] if c not in after.columns[table]]:
            removed_columns[table] = removed
    return Changes(
        added_tables=[table for table in after.columns if table not in before.columns],
        removed_tables=[table for table in before.columns if table not in after.columns],
        added_columns=added_columns,
        removed_columns=removed_columns,
    )


def lost_rows(
    before: dict[str, int], after: dict[str, int], *, may_drop: frozenset[str] = frozenset()
) -> list[str]:
    """Each table that existed before and no longer has the same number of rows, explained.

    A table may only disappear when it was empty, or when it is one of ``may_drop``: the
    tables of models that the migrations being unapplied created (see plans.tables_dropped).
    Django's bookkeeping tables follow their own rules (see ``MIGRATIONS_TABLE`` and
    ``MAY_GROW``).
    """
    problems = []
    for table, rows in sorted(before.items()):
        now = after.get(table)
        if table == MIGRATIONS_TABLE or (now is None and (rows == 0 or table in may_drop)):
            continue
        if now is None:
            problems.append(f"{table}: {rows} rows before, and the table is gone")
        elif now < rows or (now > rows and table not in MAY_GROW):
            problems.append(f"{table}: {rows} rows before, {now} after")
    return problems
