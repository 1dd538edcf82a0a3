"""Writing many rows at once: COPY on PostgreSQL, multi-row INSERTs elsewhere, of plain values.

For imports of a whole group, and for the maintained totals (``add``: an upsert that adds
rather than overwrites, which Django's bulk_create cannot). Django's bulk_create prepares every
field of every model instance in Python: measured at 100,000 expenses with 420,000 shares, that
alone took over a minute. These helpers take rows of values already in their stored form (money
as integer cents), so the database does the work, and its constraints still check every row.

On PostgreSQL every write is a COPY: measured at 100,000 expenses, psycopg spent 16 s of
CPU splitting the placeholders of the multi-row INSERTs out of their text, COPY has none.
The ids an INSERT … RETURNING would give are reserved from the table's sequence first, in
one query, and written explicitly.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model

# Rows per INSERT: a multi-row statement costs one parse and one plan for all of them.
MAX_ROWS = 1_000


def insert(
    model: type[Model], fields: Sequence[str], rows: list[tuple], *, returning: bool = False
) -> list[int]:
    """Insert ``rows`` (values of ``fields``, in order) into ``model``'s table.

    With ``returning``, the new ids in the order of ``rows``.
    """
    if not rows:
        return []
    if connection.vendor == "postgresql":
        if not returning:
            _copy(model, fields, rows)
            return []
        ids = _reserve(model, len(rows))
        _copy(
            model, ("id", *fields), [(row_id, *row) for row_id, row in zip(ids, rows, strict=True)]
        )
        return ids
    table, columns = _names(model, fields)
    width = len(fields)
    # SQLite's limit on parameters per statement is 999 in older builds.
    per_statement = min((connection.features.max_query_params or 10_000) // width, MAX_ROWS)
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            placeholders = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(batch))
            statement = f"INSERT INTO {table} ({columns}) VALUES {placeholders}"
            if returning:
                statement += " RETURNING id"
            cursor.execute(statement, [value for row in batch for value in row])
            if returning:
                # RETURNING promises no order, but one statement's rows get rising ids in
                # the order of VALUES (an SQLite rowid and a PostgreSQL sequence only grow).
                ids.extend(sorted(row_id for (row_id,) in cursor.fetchall()))
    return ids


def copy(model: type[Model], fields: Sequence[str], rows: list[tuple]) -> None:
    """Insert ``rows`` without ids back: COPY on PostgreSQL (half the time), else INSERTs."""
    if connection.vendor != "postgresql":
        insert(model, fields, rows)
        return
    _copy(model, fields, rows)


def add(model: type[Model], keys: Sequence[str], amounts: Sequence[str], rows: list[tuple]) -> None:
    """Add ``rows`` (values of ``keys`` then of ``amounts``) to the rows with the same keys.

    One statement: a key not stored yet is inserted, a stored one has the amounts added to its
    own (INSERT … ON CONFLICT … DO UPDATE, on SQLite and PostgreSQL alike). ``keys`` must be
    the fields of a unique constraint of ``model``. Django's own upsert can only overwrite.
    """
    if not rows:
        return
    table, columns = _names(model, (*keys, *amounts))
    _, conflict = _names(model, keys)
    quote = connection.ops.quote_name
    added = ", ".join(
        f"{column} = {table}.{column} + excluded.{column}"
        for column in (quote(model._meta.get_field(name).column) for name in amounts)
    )
    width = len(keys) + len(amounts)
    per_statement = min((connection.features.max_query_params or 10_000) // width, MAX_ROWS)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            placeholders = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {placeholders} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {added}",
                [value for row in batch for value in row],
            )


def _copy(model: type[Model], fields: Sequence[str], rows: list[tuple]) -> None:
    table, columns = _names(model, fields)
    # The driver's own COPY: its errors become Django's (IntegrityError…) as execute's do.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as stream,
    ):
        for row in rows:
            stream.write_row(row)


def _reserve(model: type[Model], count: int) -> list[int]:
    """``count`` new ids from ``model``'s id sequence, rising: the ids rows get in order."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), count],
        )
        return sorted(row_id for (row_id,) in cursor.fetchall())


def _names(model: type[Model], fields: Sequence[str]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    return quote(model._meta.db_table), columns
