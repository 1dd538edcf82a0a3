"""An exact PostgreSQL restore: the application's schema swapped for the backup's, at once.

One ``psql`` transaction takes every table of the schema (NOWAIT, retried until the lock
timeout: never queued behind a reader, never deadlocked), renames the schema aside, creates
it anew, loads the archive into it (``pg_restore --schema``), checks it — the very tables of
the archive, each with the rows the archive holds, every sequence at the archive's value —
and drops the old schema. It commits all of that or nothing. Nothing created after the backup
survives it (``pg_restore --clean`` would leave a table the archive does not know), and the
service's queries, waiting on the locks, go on afterwards against the restored tables.
"""

import json
import re
import secrets
import subprocess
import threading
from pathlib import Path

from ops import DatabaseLocked, OperationError, postgres

LOCKED = "splitwise-restore: locked"
# ``SELECT pg_catalog.setval('public.expenses_id_seq', 42, true);`` in pg_restore's script.
SETVAL = re.compile(
    rb"^SELECT pg_catalog\.setval\('(?P<name>(?:[^']|'')+)', (?P<value>\d+), "
    rb"(?P<called>true|false)\);$"
)
COPY = re.compile(rb"^COPY (?P<table>\S+) .* FROM stdin;$")


def restore(settings: dict, archive: Path, *, schema: str, tables: set[str], lock_timeout: float):
    """Replace the schema ``schema`` with the archive's (whose tables are ``tables``)."""
    pg_restore = postgres.require_tool("pg_restore")
    psql = postgres.require_tool("psql")
    args, client_env = postgres.client_args(settings)
    env = postgres.environment(client_env)
    old = f"splitwise_replaced_{secrets.token_hex(4)}"
    source = subprocess.Popen(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            f"--schema={schema}",
            "--file=-",
            str(archive),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    sink = subprocess.Popen(
        [psql, "-X", "-q", "--single-transaction", "--set=ON_ERROR_STOP=1", *args, "--file=-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    errors = {}
    drains = [
        threading.Thread(target=_drain, args=(pipe, errors, name))
        for name, pipe in (("pg_restore", source.stderr), ("psql", sink.stderr))
    ]
    for drain in drains:
        drain.start()
    rows: dict[str, int] = {}
    sequences: dict[str, list] = {}
    try:
        sink.stdin.write(_prelude(schema, old, lock_timeout).encode())
        _pump(source.stdout, sink.stdin, schema, rows, sequences)
        if source.wait() != 0:
            sink.kill()  # never let psql commit half an archive
            raise OperationError(f"pg_restore could not read {archive}.")
        expected = {"tables": sorted(tables), "rows": rows, "sequences": sequences}
        sink.stdin.write(_epilogue(schema, old, expected).encode())
        sink.stdin.close()
    except BrokenPipeError:
        pass  # psql stopped early: its exit status and message say why
    finally:
        if source.poll() is None:
            source.kill()
        sink.wait()
        for drain in drains:
            drain.join()
    if source.returncode != 0 and "pg_restore" in errors:
        raise OperationError(
            f"pg_restore failed: {errors['pg_restore']} Nothing was changed (the restore is one "
            "transaction)."
        )
    if sink.returncode != 0:
        message = errors.get("psql", "")
        if LOCKED in message:
            raise DatabaseLocked(f"The database {settings['NAME']}", lock_timeout)
        raise OperationError(
            f"Restoring {archive} failed: {message or sink.returncode} Nothing was changed (the "
            "restore is one transaction)."
        )
    return rows


def _pump(source, sink, schema: str, rows: dict, sequences: dict) -> None:
    """Copy pg_restore's script to psql, counting each table's rows and each sequence's value."""
    copying = None
    for line in source:
        sink.write(line)
        stripped = line.rstrip(b"\n")
        if copying is not None:
            if stripped == b"\\.":
                copying = None
            else:
                rows[copying] += 1
        elif match := COPY.match(stripped):
            copying = _unqualified(match["table"].decode(), schema)
            rows[copying] = 0
        elif match := SETVAL.match(stripped):
            name = match["name"].decode().replace("''", "'")
            sequences[name] = [int(match["value"]), match["called"] == b"true"]


def _unqualified(name: str, schema: str) -> str:
    """``public.expenses`` or ``"my schema"."My table"`` without its schema, unquoted."""
    for prefix in (f"{_quote(schema)}.", f"{schema}."):
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    return name[1:-1].replace('""', '"') if name.startswith('"') else name


def _drain(pipe, errors: dict, name: str) -> None:
    text = pipe.read().decode(errors="replace").strip()
    if text:
        errors[name] = text


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _prelude(schema: str, old: str, lock_timeout: float) -> str:
    milliseconds = max(int(lock_timeout * 1000), 0)
    return f"""
SET lock_timeout = {milliseconds};
DO $lock$
DECLARE
    deadline timestamptz := clock_timestamp() + interval '{milliseconds} milliseconds';
    tables text;
BEGIN
    SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') INTO tables
    FROM pg_tables WHERE schemaname = {_literal(schema)};
    IF tables IS NULL THEN
        RETURN;
    END IF;
    LOOP
        BEGIN
            EXECUTE 'LOCK TABLE ' || tables || ' IN ACCESS EXCLUSIVE MODE NOWAIT';
            RETURN;
        EXCEPTION WHEN lock_not_available THEN
            IF clock_timestamp() >= deadline THEN
                RAISE EXCEPTION '{LOCKED} by another connection';
            END IF;
            PERFORM pg_sleep(0.05);
        END;
    END LOOP;
END
$lock$;
ALTER SCHEMA {_quote(schema)} RENAME TO {_quote(old)};
CREATE SCHEMA {_quote(schema)};
"""


def _epilogue(schema: str, old: str, expected: dict) -> str:
    return f"""
DO $verify$
DECLARE
    expected jsonb := {_literal(json.dumps(expected))};
    found text[];
    wanted text[];
    entry record;
    counted bigint;
    last bigint;
    called boolean;
BEGIN
    SELECT coalesce(array_agg(tablename::text ORDER BY tablename::text), '{{}}') INTO found
    FROM pg_tables WHERE schemaname = {_literal(schema)};
    SELECT coalesce(array_agg(value ORDER BY value), '{{}}') INTO wanted
    FROM jsonb_array_elements_text(expected->'tables');
    IF found <> wanted THEN
        RAISE EXCEPTION 'the restored tables are %, the backup''s %', found, wanted;
    END IF;
    FOR entry IN SELECT key, value::bigint AS n FROM jsonb_each_text(expected->'rows') LOOP
        EXECUTE format('SELECT count(*) FROM %I.%I', {_literal(schema)}, entry.key) INTO counted;
        IF counted <> entry.n THEN
            RAISE EXCEPTION '% holds % rows, the backup %', entry.key, counted, entry.n;
        END IF;
    END LOOP;
    SELECT coalesce(array_agg(name ORDER BY name), '{{}}') INTO found
    FROM (SELECT format('%I.%I', schemaname, sequencename) AS name FROM pg_sequences
          WHERE schemaname = {_literal(schema)}) AS sequences;
    SELECT coalesce(array_agg(key ORDER BY key), '{{}}') INTO wanted
    FROM jsonb_object_keys(expected->'sequences') AS key;
    IF found <> wanted THEN
        RAISE EXCEPTION 'the restored sequences are %, the backup''s %', found, wanted;
    END IF;
    FOR entry IN SELECT key, value FROM jsonb_each(expected->'sequences') LOOP
        EXECUTE 'SELECT last_value, is_called FROM ' || entry.key::regclass INTO last, called;
        IF last <> (entry.value->>0)::bigint OR called <> (entry.value->>1)::boolean THEN
            RAISE EXCEPTION 'sequence % is at %, the backup''s at %', entry.key, last, entry.value;
        END IF;
    END LOOP;
END
$verify$;
DO $owner$
DECLARE
    grant_ record;
BEGIN
    FOR grant_ IN
        SELECT acl.grantee, acl.privilege_type
        FROM pg_namespace AS n, aclexplode(n.nspacl) AS acl WHERE n.nspname = {_literal(old)}
    LOOP
        EXECUTE format('GRANT %s ON SCHEMA %I TO %s', grant_.privilege_type, {_literal(schema)},
            CASE WHEN grant_.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(grant_.grantee::regrole::text) END);
    END LOOP;
    EXECUTE format('ALTER SCHEMA %I OWNER TO %s', {_literal(schema)},
        (SELECT quote_ident(nspowner::regrole::text) FROM pg_namespace
         WHERE nspname = {_literal(old)}));
EXCEPTION WHEN insufficient_privilege THEN
    NULL;  -- the schema stays the restoring role's, as the tables are (--no-owner)
END
$owner$;
DROP SCHEMA {_quote(old)} CASCADE;
"""
