"""Benchmark the member-management migration and the backups at 10,000 to 1,000,000 members.

For SQLite (a file in a temporary folder), and for PostgreSQL too when DATABASE_URL names a
server (a scratch database created next to it and dropped afterwards), in a subprocess each:

- `migrate groups 0001`, then N `group_members` rows in groups of 100, bulk-inserted in one
  transaction (executemany on SQLite, COPY on PostgreSQL), for each N of --rows;
- `migrate groups 0002` (forward) and `migrate groups 0001` (rollback), timed in-process as
  the command runs them (interpreter start-up excluded), checking every row is kept;
- `backup_db` (the copy, integrity_check and every table's row count; pg_dump on PostgreSQL);
- `safe_migrate` forward and back: backup, migrate and verify in one transaction.

Prints a Markdown table per size, then migration 0002 forward at every size. On SQLite each
figure has the process's CPU seconds beside it: on a busy machine, what the step takes alone.

    .venv/bin/python bench/migration_bench.py [--rows 10000,100000,1000000] [--repeat 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/...

With --totals it times the maintained totals' migrations instead, 0008 and 0010 at 1M shares
forward and back (bench/totals_migration_bench.py, which takes --shares and --groups).
"""

import argparse
import json
import os
import platform
import runpy
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
MEMBERS_PER_GROUP = 100
TARGETS = {"forward": "< 1 s", "rollback": "< 5 s"}
STEPS = {
    "insert": "bulk insert (one transaction)",
    "forward": "`migrate groups 0002` (forward)",
    "rollback": "`migrate groups 0001` (rollback)",
    "backup": "`backup_db`",
    "safe_forward": "`safe_migrate groups 0002`",
    "safe_rollback": "`safe_migrate groups 0001`",
}
# What must not change: the members' count, and sums over ids, groups and names.
FINGERPRINT = "SELECT count(*), sum(id), sum(group_id), max(name), min(name) FROM group_members"


def main() -> None:
    if "--totals" in sys.argv[1:]:
        sys.argv.remove("--totals")
        runpy.run_path(str(ROOT / "bench" / "totals_migration_bench.py"), run_name="__main__")
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--totals", action="store_true", help="the maintained totals' migrations 0008 and 0010"
    )
    parser.add_argument(
        "--rows",
        default="10000,100000,1000000",
        help="comma-separated numbers of group_members rows, one database each",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="run the steps N times; report the fastest"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.rows.split(",")]
    if args.worker:
        print(json.dumps(measure(sizes[0], args.repeat, Path(args.worker))))
        return
    url = os.environ.get("DATABASE_URL", "")
    by_size = {}
    for size in sizes:
        results = {"SQLite": run_sqlite(args, size)}
        if url.startswith(("postgres://", "postgresql://")):
            results["PostgreSQL"] = run_postgres(args, size, url)
        print_table(args, size, results)
        print()
        by_size[size] = results
    print_forward(by_size)


def run_sqlite(args, rows: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="migration-bench-") as directory:
        env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        env["SQLITE_PATH"] = str(Path(directory) / "bench.sqlite3")
        return run_worker(args, rows, Path(directory), env)


def run_postgres(args, rows: int, url: str) -> dict:
    import psycopg

    server = urlsplit(url)
    admin = urlunsplit(server._replace(path="/postgres"))
    name = f"migration_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix="migration-bench-") as directory:
            env = {**os.environ, "DATABASE_URL": urlunsplit(server._replace(path=f"/{name}"))}
            return run_worker(args, rows, Path(directory), env)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_worker(args, rows: int, directory: Path, env: dict) -> dict:
    env = {**env, "DJANGO_SETTINGS_MODULE": "splitwise.settings", "PYTHONPATH": str(ROOT)}
    env["DJANGO_BACKUP_DIR"] = str(directory)
    command = [sys.executable, __file__, "--rows", str(rows), "--repeat", str(args.repeat)]
    command += ["--worker", str(directory)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"The benchmark worker failed:\n{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


# --- the worker, with Django set up on the benchmark database ------------------------------


def measure(rows: int, repeat: int, directory: Path) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    def command(*args, **options):
        return lambda: call_command(*args, stdout=StringIO(), **options)

    def backup(name):
        path = directory / name
        path.unlink(missing_ok=True)
        return path

    def safe(name):
        return {"interactive": False, "output": backup(f"before-{name}")}

    call_command("migrate", "groups", "0001", verbosity=0)
    result = {"engine": connection.vendor, "version": version(connection)}
    result["insert"] = timed(lambda: bulk_insert(connection, rows))
    expected = fingerprint(connection)
    result["size"] = database_size(connection)
    steps = {
        "forward": lambda: command("migrate", "groups", "0002", verbosity=0),
        "rollback": lambda: command("migrate", "groups", "0001", verbosity=0),
        "backup": lambda: command("backup_db", output=backup("backup")),
        "safe_forward": lambda: command("safe_migrate", "groups", "0002", **safe("forward")),
        "safe_rollback": lambda: command("safe_migrate", "groups", "0001", **safe("rollback")),
    }
    kept = True
    for _ in range(repeat):
        for step, make in steps.items():
            seconds, cpu = timed_cpu(make())
            result[step] = min(seconds, result.get(step, seconds))
            result[f"{step}_cpu"] = min(cpu, result.get(f"{step}_cpu", cpu))
            kept = kept and fingerprint(connection) == expected
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(directory / "backup")
        kept = kept and list(copy.execute(FINGERPRINT).fetchone()) == expected
        copy.close()
    result["kept"] = kept
    return result


def bulk_insert(connection, rows: int) -> None:
    """``rows`` members in groups of 100, written in one transaction."""
    groups = range(1, rows // MEMBERS_PER_GROUP + 2)
    members = ((f"member {n}", n // MEMBERS_PER_GROUP + 1) for n in range(rows))
    joined = "2026-01-01 00:00:00+00:00"
    if connection.vendor == "sqlite":
        path = connection.settings_dict["NAME"]
        connection.close()
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO expense_groups (id, name, currency, created_at) VALUES (?, ?, 'EUR', ?)",
            ((g, f"group {g}", joined) for g in groups),
        )
        conn.executemany(
            "INSERT INTO group_members (name, role, is_active, joined_at, group_id) "
            f"VALUES (?, 'member', 1, '{joined}', ?)",
            members,
        )
        conn.execute("COMMIT")
        conn.close()
        return
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy("COPY expense_groups (id, name, currency, created_at) FROM STDIN") as copy:
            for g in groups:
                copy.write_row((g, f"group {g}", "EUR", joined))
        columns = "name, role, is_active, joined_at, group_id"
        with raw.copy(f"COPY group_members ({columns}) FROM STDIN") as copy:
            for name, group in members:
                copy.write_row((name, "member", True, joined, group))
        cursor.execute("ANALYZE")


def fingerprint(connection) -> list:
    with connection.cursor() as cursor:
        cursor.execute(FINGERPRINT)
        # PostgreSQL sums bigints into numerics: compare them as ints.
        return [int(v) if isinstance(v, Decimal) else v for v in cursor.fetchone()]


def database_size(connection) -> int:
    if connection.vendor == "sqlite":
        return Path(connection.settings_dict["NAME"]).stat().st_size
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


def version(connection) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def timed_cpu(run) -> tuple[float, float]:
    """Wall-clock seconds, and this process's CPU seconds: on a busy machine the second is
    what the step would take alone (SQLite works in-process; PostgreSQL in its server)."""
    started, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - started, time.process_time() - cpu


# --- the report ---------------------------------------------------------------------------


def print_table(args, rows: int, results: dict) -> None:
    engines = list(results)
    best = f", fastest of {args.repeat} runs" if args.repeat > 1 else ""
    print(
        f"{rows:,} group_members rows{best}; {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, " + ", ".join(r["version"] for r in results.values())
    )
    print()
    print("| Step | " + " | ".join(engines) + " | Target (SQLite) |")
    print("|---|" + "---:|" * len(engines) + "---|")
    for step, label in STEPS.items():
        cells = [_cell(results[e], step) for e in engines]
        print(f"| {label} | " + " | ".join(cells) + f" | {TARGETS.get(step, '')} |")
    sizes = [f"{results[e]['size'] / 1e6:.0f} MB" for e in engines]
    print("| database size | " + " | ".join(sizes) + " | |")
    kept = ["yes" if results[e]["kept"] else "**NO**" for e in engines]
    print("| every row kept | " + " | ".join(kept) + " | yes |")


def _cell(result: dict, step: str) -> str:
    """Seconds; on SQLite with the CPU seconds of the process in brackets."""
    cpu = result.get(f"{step}_cpu")
    if cpu is None or result["engine"] != "sqlite":
        return f"{result[step]:.2f} s"
    return f"{result[step]:.2f} s ({cpu:.2f} s CPU)"


def print_forward(by_size: dict) -> None:
    """Migration 0002 forward (and safe_migrate's whole run) at every size."""
    engines = list(next(iter(by_size.values())))
    print("| members | " + " | ".join(f"{e}: forward / safe_migrate" for e in engines) + " |")
    print("|---:|" + "---:|" * len(engines))
    for size, results in by_size.items():
        cells = [
            f"{_cell(results[e], 'forward')} / {_cell(results[e], 'safe_forward')}" for e in engines
        ]
        print(f"| {size:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
