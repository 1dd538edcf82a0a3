"""Two run_recurring processes at the same moment create each occurrence exactly once.

Each runs in its own interpreter on a scratch database (an SQLite file, and with DATABASE_URL a
new PostgreSQL database), as two machines would: the suite's own test database cannot be shared
by processes. They start together and both work through the same series.
"""

import json
import subprocess
import time
from datetime import date

import pytest

from groups.domain.recurrence import Repeat, next_occurrence
from tests.ops import scratch_db

pytestmark = pytest.mark.slow

TODAY = date(2025, 4, 10)
RULES = [(date(2025, 1, 1), "day"), (date(2025, 1, 31), "month"), (date(2025, 1, 3), "week")]
GROUPS = 3

SEED = f"""
import datetime
from django.conf import settings
from django.core.management import call_command
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
call_command("migrate", verbosity=0)
from tests.factories import GroupFactory, GuestFactory, UserFactory, add_repeating_expense
from tests.factories import admin_of
ann = UserFactory(username="ann")
for n in range({GROUPS}):
    group = GroupFactory(name=f"Group {{n}}", created_by=ann)
    payer, kid = admin_of(group), GuestFactory(group=group, name="Kid")
    for first, every in {RULES!r}:
        add_repeating_expense(group, payer, [payer, kid], first=first, every=every)
"""

# Waits for a common start time, runs the command, and reports what it did and when.
RUN = """
import json, sys, time
from io import StringIO
from django.core.management import call_command
time.sleep(max(0.0, {start} - time.time()))
began, out = time.time(), StringIO()
call_command("run_recurring", "--today", "{today}", stdout=out)
print(json.dumps({{"began": began, "ended": time.time(), "output": out.getvalue()}}))
"""

AUDIT = """
import json
from django.db.models import Count
from groups.models import Activity, Expense, RecurringOccurrence, RecurringSeries
print(json.dumps({
    "occurrences": RecurringOccurrence.objects.count(),
    "expenses": Expense.objects.count(),
    "duplicates": list(
        RecurringOccurrence.objects.values("series", "date")
        .annotate(n=Count("id")).filter(n__gt=1).values_list("series", "date")
    ),
    "by_date": sorted(
        (o.series_id, o.date.isoformat(), o.expense.date.isoformat())
        for o in RecurringOccurrence.objects.select_related("expense")
    ),
    "logged": Activity.objects.filter(action="expense.created", actor=None).count(),
    "next": sorted(
        RecurringSeries.objects.values_list("next_index", flat=True)
    ),
}))
"""


def expected_dates(first: date, every: str) -> list[date]:
    """Every occurrence of a series up to TODAY, the first one included."""
    dates = []
    while (day := next_occurrence(first, Repeat(every), len(dates))) and day <= TODAY:
        dates.append(day)
    return dates


def run_python(db, code: str) -> str:
    """Run ``code`` on ``db``; the last line it printed."""
    process = scratch_db.python(db, code, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return (out.strip().splitlines() or [""])[-1]


def created_count(output: str) -> int:
    return int(output.strip().splitlines()[-1].split(" occurrence")[0])


def two_runs_at_once(db) -> list[dict]:
    start = time.time() + 4  # both interpreters are up by then
    code = RUN.format(start=start, today=TODAY.isoformat())
    processes = [
        scratch_db.python(db, code, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def check_exactly_once(db) -> None:
    run_python(db, SEED)
    per_series = [len(expected_dates(first, every)) for first, every in RULES]
    due = sum(per_series) - len(RULES)  # the first occurrences exist already

    runs = two_runs_at_once(db)

    # They did run at the same time: each began before the other ended.
    assert runs[0]["began"] < runs[1]["ended"] and runs[1]["began"] < runs[0]["ended"]
    created = [created_count(run["output"]) for run in runs]
    assert sum(created) == GROUPS * due, created
    audit = json.loads(run_python(db, AUDIT))
    assert audit["duplicates"] == []
    assert audit["occurrences"] == audit["expenses"] == GROUPS * sum(per_series)
    assert audit["logged"] == GROUPS * due
    assert all(when == expense_date for _, when, expense_date in audit["by_date"])
    assert audit["next"] == sorted(per_series * GROUPS)  # each series' next k: its count

    # And once more, late: nothing left to create.
    again = json.loads(run_python(db, RUN.format(start=0, today=TODAY.isoformat())))
    assert created_count(again["output"]) == 0


@pytest.mark.skipif(
    scratch_db.POSTGRES_URL.startswith(("postgres://", "postgresql://")),
    reason="this run of the suite is on PostgreSQL; its SQLite run covers the file",
)
def test_two_runs_at_once_on_an_sqlite_file(tmp_path):
    check_exactly_once(tmp_path / "db.sqlite3")


@scratch_db.on_postgres
def test_two_runs_at_once_on_postgresql(postgres_scratch):
    check_exactly_once(postgres_scratch())
