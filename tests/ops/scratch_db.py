"""Scratch databases for the operations tests, and manage.py run against them.

The suite's own test database is in memory (or PostgreSQL), but backups, restores and
migrations work on whole databases, so these tests build their own: SQLite files (always,
even in the PostgreSQL CI run: ``DATABASE_URL`` is removed from the subprocess) and, when
``DATABASE_URL`` names a PostgreSQL server, databases created on it and dropped afterwards.
The real commands run in a subprocess: the most faithful test of them.
"""

import atexit
import functools
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests import processes

ROOT = processes.ROOT
FAILING_APP_SETTINGS = "tests.ops.settings_failing_app"
# Where the commands the suite runs on PostgreSQL put their backups.
PG_BACKUPS = Path(tempfile.gettempdir()) / "splitwise-suite-backups"

# Users, a group with a household managed by a user and one headed by a guest, expenses and
# a payment: every table the app owns has rows, and managers are set both ways.
SEED = """
from django.conf import settings
from django.core.management import call_command
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
call_command("migrate", verbosity=0)
from groups.services.payments import payment_create
from groups.services.managers import member_set_manager
from tests.factories import GroupFactory, GuestFactory, UserFactory, UserMemberFactory
from tests.factories import add_expense, admin_of
ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
trip = GroupFactory(name="Trip", created_by=ann)
a = admin_of(trip)
b = UserMemberFactory(group=trip, user=bob)
kid, gran, baby = (GuestFactory(group=trip, name=n) for n in ("Kid", "Gran", "Baby"))
add_expense(trip, a, [a, b, kid], "90.00")
add_expense(trip, gran, [gran, baby, b], "10.00")
payment_create(group=trip, created_by=None, from_member_id=b.pk, to_member_id=a.pk,
                        amount="5.00")
member_set_manager(member=kid, actor=a, manager_id=a.pk)
member_set_manager(member=baby, actor=a, manager_id=gran.pk)
flat = GroupFactory(name="Flat", created_by=bob)
add_expense(flat, admin_of(flat), [admin_of(flat), GuestFactory(group=flat, name="Cy")], "7.01")
"""


def environment(db: Path | str, settings: str = "splitwise.settings") -> dict[str, str]:
    """The environment of a subprocess working on ``db``: an SQLite file or a database URL."""
    if isinstance(db, str):
        # A PostgreSQL database's backups default to the project's directory: the suite's go
        # to a scratch one (an SQLite file's go beside it, in the test's own folder).
        target = {"DATABASE_URL": db, "DJANGO_BACKUP_DIR": str(PG_BACKUPS)}
    else:
        target = {"SQLITE_PATH": str(db)}
    return processes.environment(
        {"DJANGO_SETTINGS_MODULE": settings, **target}, without=["DATABASE_URL"]
    )


def manage(db: Path | str, *args: str, settings: str = "splitwise.settings", stdin: str = ""):
    """Run ``python manage.py ARGS`` on ``db``: an SQLite file or a database URL."""
    return processes.manage(*args, env=environment(db, settings), stdin=stdin)


# The migration these tests roll back and forward: member management.
MEMBER_MANAGEMENT = "0002_member_management"


def latest_migration(app: str = "groups") -> str:
    """The name of ``app``'s newest migration, as its file is called."""
    names = sorted(
        path.stem for path in (ROOT / app / "migrations").glob("[0-9][0-9][0-9][0-9]_*.py")
    )
    return names[-1]


def at_member_management(db: Path | str) -> Path | str:
    """``db`` taken back to member management with plain ``migrate``, as that release had it.

    The later migrations add tables that hold rows (the activity log …): undoing them drops
    those rows, which safe_migrate rightly refuses, so the tests of 0002 start from 0002.
    """
    result = manage(db, "migrate", "groups", MEMBER_MANAGEMENT, "--noinput")
    assert result.returncode == 0, result.stderr
    return db


def python(db: Path | str, code: str, **popen) -> subprocess.Popen:
    """Start ``code`` in a Python subprocess with Django set up on ``db``."""
    return processes.python(code, env=environment(db), **popen)


@functools.cache
def seeded_template() -> Path:
    """A migrated, seeded database file, made once per test run."""
    directory = Path(tempfile.mkdtemp(prefix="splitwise-ops-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    db = directory / "template.sqlite3"
    seed = python(db, SEED, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output, _ = seed.communicate(timeout=120)
    assert seed.returncode == 0, output
    return db


def copy_database(source: Path, dest: Path) -> Path:
    """A copy of ``source`` at ``dest``, through SQLite's backup API (never a file copy)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return dest


def dump(db: Path) -> list[str]:
    """Everything a database holds, schema and rows, as SQL statements."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def integrity(db: Path) -> str:
    return query(db, "PRAGMA integrity_check")[0][0]


def balances_by_group(db: Path) -> dict[int, int]:
    """Paid minus owed per group, in cents: zero for every group of a sound database."""
    return dict(query(db, "SELECT group_id, SUM(paid - owed) FROM expense_shares GROUP BY 1"))


def unbalanced_expenses(db: Path) -> list[tuple]:
    """Expenses whose shares do not each add up to the amount (none in a sound database)."""
    return query(
        db,
        "SELECT e.id FROM expenses e JOIN expense_shares s ON s.expense_id = e.id "
        "GROUP BY e.id HAVING SUM(s.paid) != e.amount OR SUM(s.owed) != e.amount",
    )


# What an expense row holds, column by column, for the columns each schema has: the service
# of the day writes them all (a rate of 1 is 10^10 units).
LIVE_EXPENSE = {
    "group_id": 1,
    "kind": "expense",
    "description": "live",
    "amount": 1000,
    "split": "equal",
    "date": "2026-01-01",
    "category": "",
    "created_at": "2026-01-01",
    "updated_at": "2026-01-01",
    "currency": "EUR",
    "exchange_rate": 10**10,
    "group_amount": 1000,
    "notes": "",
    "legacy_category": "",
}


def write_expenses_until(db_file, stop: threading.Event, written: list, errors: list) -> None:
    """Record balanced two-share expenses as the service would (waiting up to 20 s for locks)."""
    conn = sqlite3.connect(db_file, isolation_level=None, timeout=20)
    count = 0
    while not stop.is_set():
        try:
            conn.execute("BEGIN IMMEDIATE")
            # The schema changes under the writer: write the columns this one has.
            names = [row[1] for row in conn.execute("PRAGMA table_info(expenses)")]
            values = {name: LIVE_EXPENSE[name] for name in names if name in LIVE_EXPENSE}
            expense = conn.execute(
                f"INSERT INTO expenses ({', '.join(values)}) "
                f"VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            ).lastrowid
            conn.executemany(
                "INSERT INTO expense_shares (expense_id, group_id, member_id, paid, owed) "
                "VALUES (?, 1, ?, ?, 500)",
                [(expense, 1, 1000), (expense, 2, 0)],
            )
            conn.execute("COMMIT")
            count += 1
            time.sleep(0.005)  # a busy service, not a CPU hog on a 2-core machine
        except sqlite3.Error as error:
            errors.append(error)
            conn.rollback()
            conn.close()
            return
    written.append(count)
    conn.close()


def backups_next_to(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.name}.backup.*"))


# --- PostgreSQL ---------------------------------------------------------------------------

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
on_postgres = pytest.mark.skipif(
    not POSTGRES_URL.startswith(("postgres://", "postgresql://")),
    reason="needs DATABASE_URL naming a PostgreSQL server (CI's second run sets it)",
)


def postgres_database_maker():
    """Makes empty PostgreSQL databases on the DATABASE_URL server; ``drop`` removes them."""
    import psycopg

    server = urlsplit(POSTGRES_URL)
    admin = urlunsplit(server._replace(path="/postgres"))
    made = []

    def make() -> str:
        name = f"splitwise_ops_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return urlunsplit(server._replace(path=f"/{name}"))

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return make, drop


def postgres_rows(url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def postgres_counts(url: str) -> dict[str, int]:
    """Rows per table of the PostgreSQL database at ``url``."""
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [
            t
            for (t,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
