"""The maintenance flag on PostgreSQL without a shared cache: a table in a schema of its own.

``splitwise_maintenance.holders`` has one row per holder; the sequence ``changes`` counts the
holders that came and went. The schema is not the application's: migrations, backups
(``pg_dump --schema``) and restores (which swap the application's schema) never touch it, so
the flag holds while they run, and the server's clock alone decides when a lease has expired.
Readers use their own request's connection (one small query); writers a connection of their
own, so that a command's open transaction never holds the flag back.
"""

from django.db import ProgrammingError, connections

from splitwise.maintenance import records
from splitwise.maintenance.records import OFF, Holder, State

SCHEMA = "splitwise_maintenance"
# As the migration creates them: for a database that is being restored before it was migrated.
CREATE = f"""
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
CREATE TABLE IF NOT EXISTS {SCHEMA}.holders (
    holder text PRIMARY KEY,
    reason text NOT NULL,
    since timestamptz NOT NULL DEFAULT now(),
    until timestamptz,
    lease boolean NOT NULL DEFAULT false
);
CREATE SEQUENCE IF NOT EXISTS {SCHEMA}.changes;
"""
# undefined_table, invalid_schema_name
MISSING = {"42P01", "3F000"}

READ = f"""
SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {SCHEMA}.changes),
       extract(epoch FROM statement_timestamp()),
       h.holder, h.reason, extract(epoch FROM h.since), extract(epoch FROM h.until), h.lease
FROM (SELECT 1) AS one LEFT JOIN {SCHEMA}.holders AS h ON true
"""
PUT = f"""
INSERT INTO {SCHEMA}.holders AS h (holder, reason, until, lease)
VALUES (%s, %s, statement_timestamp() + make_interval(secs => %s), %s)
ON CONFLICT (holder) DO UPDATE SET until = excluded.until, reason = excluded.reason
RETURNING (xmax = 0)
"""
REMOVE = f"""
DELETE FROM {SCHEMA}.holders
WHERE holder = %s OR until < statement_timestamp() - interval '1 hour'
"""
CHANGED = f"SELECT nextval('{SCHEMA}.changes')"


class PostgresStore:
    """Holders as rows of ``splitwise_maintenance.holders`` in the database itself."""

    def __init__(self, alias: str):
        self.alias = alias

    def where(self) -> str:
        name = connections[self.alias].settings_dict["NAME"]
        return f"the table {SCHEMA}.holders of the database {name}"

    def read(self) -> State:
        try:
            generation, now, holders = self._read(connections[self.alias])
        except ProgrammingError as error:
            if _missing(error):  # not migrated yet: the schema guard answers for it
                return OFF
            raise
        if generation is None:
            return OFF
        return records.state_of(_record(generation, holders), now)

    def holders(self) -> list[Holder]:
        return self._read(connections[self.alias])[2]

    def put(self, holder_id: str, reason: str, *, seconds: float | None, lease: bool) -> None:
        with self._writer() as cursor:
            try:
                cursor.execute(PUT, [holder_id, reason, seconds, lease])
            except ProgrammingError as error:
                if not _missing(error):
                    raise
                cursor.execute(CREATE)
                cursor.execute(PUT, [holder_id, reason, seconds, lease])
            (inserted,) = cursor.fetchone()
            if inserted:
                cursor.execute(CHANGED)

    def remove(self, holder_id: str) -> None:
        with self._writer() as cursor:
            try:
                cursor.execute(REMOVE, [holder_id])
            except ProgrammingError as error:
                if not _missing(error):
                    raise
                return
            cursor.execute(CHANGED)

    @staticmethod
    def _read(connection) -> tuple[int | None, float, list[Holder]]:
        with connection.cursor() as cursor:
            cursor.execute(READ)
            rows = cursor.fetchall()
        holders = [
            Holder(holder, reason, float(since), None if until is None else float(until), lease)
            for _, _, holder, reason, since, until, lease in rows
            if holder is not None
        ]
        return rows[0][0], float(rows[0][1]), holders

    def _writer(self):
        return _WriterCursor(self.alias)


class _WriterCursor:
    """A cursor on a connection of its own, in autocommit, closed afterwards."""

    def __init__(self, alias: str):
        # As the alias is configured now (a test run renames its database).
        current = connections[alias]
        self.connection = type(current)(dict(current.settings_dict), alias)

    def __enter__(self):
        self.cursor = self.connection.cursor()
        return self.cursor

    def __exit__(self, *exc):
        try:
            self.cursor.close()
        finally:
            self.connection.close()


def _record(generation: int, holders: list[Holder]) -> dict:
    record = records.empty_record()
    for holder in holders:
        record = records.with_holder(record, holder)
    return {**record, "generation": generation}


def _missing(error: ProgrammingError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) in MISSING
