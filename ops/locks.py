"""One transaction holding the database's write lock: a migration commits whole or not at all.

While it is held, other writers wait (the service's own busy timeout / lock queue) and readers
carry on; nobody can commit between the backup and the end of the migration, so a failure
rolls the database back to exactly what the backup holds and no one's write is lost.
"""

import contextlib
from collections.abc import Iterator

from django.db import DatabaseError, transaction

from ops import DatabaseLocked, OperationError


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
    entered = False
    try:
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                # Kept for the whole transaction: a migration stuck behind a long query fails
                # and rolls back instead of queueing every other query behind its own lock.
                cursor.execute(f"SET LOCAL lock_timeout = {int(timeout * 1000)}")
                tables = connection.introspection.table_names(cursor)
                if tables:
                    names = ", ".join(connection.ops.quote_name(table) for table in tables)
                    # Blocks writers, not readers; conflicts with itself, so two runs queue.
                    cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")
            entered = True
            yield
    except DatabaseError as error:
        if not entered and "lock timeout" in str(error):
            raise DatabaseLocked(_name(connection), timeout) from None
        raise


def _name(connection) -> str:
    return f"The database {connection.settings_dict['NAME']}"
