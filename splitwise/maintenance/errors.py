"""Which database errors mean "the database is changing under us", not a bug in the code.

Those are answered 503 with ``Retry-After`` (the request changed nothing: its transaction was
rolled back by the error); every other error stays what it is.
"""

from django.db import DatabaseError, InterfaceError

SCHEMA = "schema"
BUSY = "busy"

# PostgreSQL's SQLSTATEs (psycopg puts them on the error Django wraps).
SCHEMA_STATES = {
    "42P01",  # undefined_table
    "42703",  # undefined_column
}
BUSY_STATES = {
    "40001",  # serialization_failure
    "40P01",  # deadlock_detected
    "55P03",  # lock_not_available
    "57014",  # query_canceled
    "57P01",  # admin_shutdown
    "57P02",  # crash_shutdown
    "57P03",  # cannot_connect_now
    "08000",  # connection_exception
    "08003",  # connection_does_not_exist
    "08006",  # connection_failure
}
# SQLite says it in words.
SCHEMA_WORDS = ("no such table", "no such column", "has no column named")
BUSY_WORDS = ("database is locked", "database table is locked", "database schema has changed")


def classify(error: BaseException) -> str | None:
    """SCHEMA, BUSY, or None for an error that is not about the database changing."""
    if not isinstance(error, DatabaseError):
        return None
    state = getattr(error.__cause__, "sqlstate", None)
    if state in SCHEMA_STATES:
        return SCHEMA
    if state in BUSY_STATES:
        return BUSY
    text = str(error).lower()
    if any(words in text for words in SCHEMA_WORDS):
        return SCHEMA
    if any(words in text for words in BUSY_WORDS):
        return BUSY
    if isinstance(error, InterfaceError) and "closed" in text:
        return BUSY
    return None
