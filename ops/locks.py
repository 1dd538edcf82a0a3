"""One transaction holding the database's write lock: a migration commits whole or not at all.

While it is held, other writers wait (the service's own busy timeout / lock queue) and readers
carry on; nobody can commit between the backup and the end of the migration, so a failure
rolls the database back to exactly what the backup holds and no one's write is lost.

On PostgreSQL a lock is never queued for: a request for a lock that waits behind a long read
would make every later query wait behind it. Each attempt asks with NOWAIT and is retried
every ``RETRY_SECONDS`` until the lock timeout has passed; then the command stops, saying so.
"""

import contextlib
import time
from collections.abc import Iterator

from django.db import DatabaseError, OperationalError, transaction

from ops import DatabaseLocked, OperationError

RETRY_SECONDS = 0.05
# lock_not_available: what PostgreSQL answers a NOWAIT lock it cannot grant at once.
LOCK_NOT_AVAILABLE = "55P03"


@contextlib.contextmanager
def write_lock(connection, timeout: float) -> Iterator[None]:
    """Open a transaction holding the write lock, waiting at most ``timeout`` seconds for it."""
    if connection.vendor == "sqlite":
        manager = _sqlite_write_lock(connection, timeout)
    elif connection.vendor == "postgresql":
        manager = _postgres_write_lock(connection, timeout)
    else:
        raise OperationError(f"{connection.vendor} databases are not supported.")
    with manager:
        yield


@contextlib.contextmanager
def _sqlite_write_lock(connection, timeout: float) -> Iterator[None]:
    connection.ensure_connection()
    raw = connection.connection
    (busy_timeout,) = raw.execute("PRAGMA busy_timeout").fetchone()
    mode = connection.transaction_mode
    # Foreign keys go off before BEGIN: SQLite ignores the pragma inside a transaction, and
    # Django's schema editor refuses to work with them on. It runs PRAGMA foreign_key_check
    # itself after each migration.
    connection.disable_constraint_checking()
    raw.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    # IMMEDIATE takes the write lock at BEGIN, so we wait for it here, before the backup.
    connection.transaction_mode = "IMMEDIATE"
    entered = False
    try:
        with transaction.atomic(using=connection.alias):
            entered = True
            yield
    except DatabaseError as error:
        if not entered and ("locked" in str(error) or "busy" in str(error)):
            raise DatabaseLocked(_name(connection), timeout) from None
        raise
    finally:
        connection.transaction_mode = mode
        if connection.connection is raw:
            raw.execute(f"PRAGMA busy_timeout = {busy_timeout}")
            connection.enable_constraint_checking()


@contextlib.contextmanager
def _postgres_write_lock(connection, timeout: float) -> Iterator[None]:
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            # For the whole transaction: a statement of the migration that would wait for a
            # lock (on a table outside the application's schema, say) fails and rolls back
            # instead of queueing every other query behind its own request.
            cursor.execute(f"SET LOCAL lock_timeout = {int(timeout * 1000)}")
        # Blocks writers, not readers; conflicts with itself, so two runs take turns.
        lock_tables(connection, "SHARE ROW EXCLUSIVE", timeout)
        yield


def lock_tables(connection, mode: str, timeout: float, *, cancel_blocked: bool = False) -> None:
    """Lock every table of the application's schema in ``mode``, inside the current
    transaction: NOWAIT, retried until ``timeout`` has passed, then ``DatabaseLocked``.

    ``cancel_blocked``: for a lock taken on top of one already held (the migration's ACCESS
    EXCLUSIVE over the backup's SHARE ROW EXCLUSIVE). A request that read a table and then
    waits for our lock to write would hold its read lock until we let go of ours, which we
    never would: its statement is cancelled instead, it answers 503 and writes nothing
    (maintenance holds, so only requests already under way can be in that place).
    """
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if not tables:
        return
    names = ", ".join(connection.ops.quote_name(table) for table in tables)
    deadline = time.monotonic() + timeout
    while True:
        try:
            # A savepoint per attempt: a refused attempt must not abort the transaction.
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {names} IN {mode} MODE NOWAIT")
            return
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
            if time.monotonic() >= deadline:
                raise DatabaseLocked(_name(connection), timeout) from None
            if cancel_blocked:
                _cancel_those_waiting_for_us(connection)
            time.sleep(RETRY_SECONDS)


def _cancel_those_waiting_for_us(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_cancel_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND pg_backend_pid() = ANY(pg_blocking_pids(pid))"
        )


def _name(connection) -> str:
    return f"The database {connection.settings_dict['NAME']}"
