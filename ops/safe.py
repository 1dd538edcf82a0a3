"""The operations guide in one call: back up, show the plan, migrate, verify — or undo.

Everything from the backup to the verification runs in one transaction holding the write lock
(see ``locks``), while every server process is held in maintenance (503 with Retry-After,
see ``splitwise.maintenance``): requests already under way finish or wait for the lock, new
ones are told to come back, and none meets a half-migrated schema. SQLite and PostgreSQL both
roll back DDL, so when any step fails the rollback returns the database to exactly what the
backup holds, which is then checked against the backup; only if they differ is the backup
restored over it. Restoring after a rollback that worked would be worse than useless: writes
other processes committed once the lock was released would be thrown away.
"""

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from ops import (
    OperationError,
    backups,
    locks,
    plans,
    report,
    restores,
    schema,
    sqlite,
)
from splitwise import maintenance

EMPTY = "The database is empty: there is nothing to back up."


@dataclass
class Outcome:
    """What safe_migrate did, for the summary."""

    plan: plans.Plan
    backup: backups.Backup | None = None
    changes: schema.Changes | None = None
    # "table.column" -> values it held, for columns removed (they are kept in the backup).
    removed_values: dict[str, int] = field(default_factory=dict)
    # Tables a rollback removes with the migrations that created them -> their rows (kept in
    # the backup).
    dropped_rows: dict[str, int] = field(default_factory=dict)
    migrate_seconds: float = 0.0
    total_seconds: float = 0.0


def safe_migrate(
    connection,
    *,
    app_label: str | None,
    migration_name: str | None,
    dry_run: bool,
    confirm: Callable[[], bool],
    out,
    lock_timeout: float,
    output: Path | None = None,
    progress: sqlite.Progress | None = None,
) -> Outcome:
    """Migrate ``connection`` to ``app_label``/``migration_name`` (like migrate) safely."""
    started = time.monotonic()
    target = [name for name in (app_label, migration_name) if name]
    plan = plans.resolve(connection, app_label, migration_name)
    outcome = Outcome(plan)
    if not plan:
        return outcome
    database = {"database": connection.alias, "stdout": _Unwrapped(out)}
    call_command("migrate", *target, plan=True, **database)
    droppable = plans.tables_dropped(connection, plan)
    _write(out, report.dropped_lines(droppable, schema.take(connection).counts))
    if dry_run:
        if schema.take(connection).columns:
            outcome.backup = backups.back_up(
                connection, output, lock_timeout=lock_timeout, progress=progress
            )
            _write(out, report.backup_lines(outcome.backup))
        else:
            out.write(EMPTY)
        return outcome
    if not confirm():
        raise OperationError("Cancelled. Nothing was changed.")
    failure, rolled_back = None, False
    with maintenance.hold(" ".join(["safe_migrate", *target])):
        out.write("Maintenance: on (the service answers 503 until the migration ends).")
        with locks.write_lock(connection, lock_timeout):
            if plans.resolve(connection, app_label, migration_name) != plan:
                raise OperationError("Another migration ran meanwhile. Nothing was changed.")
            before = schema.take(connection)
            if before.columns:
                outcome.backup = _back_up(connection, before, output, lock_timeout, progress)
                _write(out, report.backup_lines(outcome.backup, with_counts=False))
            else:
                out.write(EMPTY)
            if connection.vendor == "postgresql":
                # Every lock the migration needs, now, before it can queue behind a reader.
                locks.lock_tables(connection, "ACCESS EXCLUSIVE", lock_timeout, cancel_blocked=True)
            out.write("Migrating in one transaction: it commits whole or not at all.")
            migrate_started = time.monotonic()
            try:
                with transaction.atomic(using=connection.alias):  # a savepoint inside the lock
                    call_command("migrate", *target, interactive=False, **database)
                    after = _verify(connection, target, before, droppable)
            except Exception as error:
                # Still under the lock, so nobody else's write can blur the comparison.
                failure, rolled_back = error, _unchanged(connection, before)
                transaction.set_rollback(True, using=connection.alias)
            outcome.migrate_seconds = time.monotonic() - migrate_started
        if failure is not None:
            message = _undo(connection, failure, rolled_back, outcome.backup, lock_timeout)
            raise OperationError(message) from failure
    out.write("Maintenance: off.")
    outcome.changes = schema.changes(before, after)
    outcome.dropped_rows = {
        table: before.counts[table]
        for table in outcome.changes.removed_tables
        if before.counts.get(table)
    }
    if connection.vendor == "sqlite":
        outcome.removed_values = _removed_values(outcome)
    outcome.total_seconds = time.monotonic() - started
    return outcome


class _Unwrapped:
    """Passes migrate's output through our OutputWrapper as is: it ends its own lines."""

    def __init__(self, out):
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, ending="")

    def flush(self) -> None:
        self.out.flush()

    def isatty(self) -> bool:
        return self.out.isatty()


def _write(out, lines: list[str]) -> None:
    for line in lines:
        out.write(line)


def _back_up(connection, before, output, lock_timeout, progress) -> backups.Backup:
    backup = backups.back_up(
        connection, output, lock_timeout=lock_timeout, progress=progress, in_transaction=True
    )
    if backup.counts != before.counts:
        raise OperationError(f"The backup {backup.path} does not hold the rows it should.")
    return backup


def _verify(
    connection, target: list[str], before: schema.Snapshot, droppable: frozenset[str]
) -> schema.Snapshot:
    """Every table that remains still has its rows, and ``migrate --check`` passes."""
    after = schema.take(connection)
    if problems := schema.lost_rows(before.counts, after.counts, may_drop=droppable):
        raise OperationError("rows would be lost: " + "; ".join(problems))
    try:
        call_command(
            "migrate", *target, check_unapplied=True, verbosity=0, database=connection.alias
        )
    except SystemExit:
        raise OperationError("`migrate --check` still finds unapplied migrations.") from None
    return after


def _unchanged(connection, before: schema.Snapshot) -> bool:
    try:
        return schema.take(connection) == before
    except Exception:  # A broken connection cannot prove anything: assume the worst.
        return False


def _undo(connection, failure, rolled_back: bool, backup, lock_timeout: float) -> str:
    """Say how the database got back to the backup's state: rolled back, or restored."""
    failed = f"The migration failed: {type(failure).__name__}: {failure}"
    if rolled_back:
        matches = f" and matches the backup {backup.path}" if backup else ""
        return (
            f"{failed}\nRolled back: the database is exactly as it was before{matches} "
            "(same tables, columns, rows and applied migrations). Nothing was changed."
        )
    if backup is None:
        return f"{failed}\nThe rollback left the database changed, and there is no backup."
    try:
        restored = restores.restore(connection, backup.path, lock_timeout=lock_timeout)
    except OperationError as error:
        return (
            f"{failed}\nThe rollback left the database changed, and restoring the backup "
            f"failed: {error}\nRestore it with: python manage.py restore_db {backup.path}"
        )
    return (
        f"{failed}\nRestored the backup {backup.path}: "
        f"{sum(restored.counts.values())} rows in {len(restored.counts)} tables."
    )


def _removed_values(outcome: Outcome) -> dict[str, int]:
    """How many values each removed column held, read from the SQLite backup."""
    removed = outcome.changes.removed_columns
    if not removed or outcome.backup is None:
        return {}
    values = {}
    try:
        conn = sqlite.connect(outcome.backup.path, readonly=True, timeout=5)
    except sqlite3.Error:
        return {}
    try:
        for table, columns in removed.items():
            for column in columns:
                query = f'SELECT count("{column}") FROM "{table}"'
                values[f"{table}.{column}"] = conn.execute(query).fetchone()[0]
    except sqlite3.Error:
        return {}
    finally:
        conn.close()
    return values
