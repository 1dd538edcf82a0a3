"""Time the maintained totals' migrations forward and back at 1M shares: 0008 (the members'
totals) and 0010 (the spending per day).

For SQLite (a file in a temporary folder), and for PostgreSQL too when DATABASE_URL names a
server (a scratch database next to it, dropped afterwards), in a subprocess each:

- `migrate`, then --groups groups of 20 members sharing --shares shares (seed_bench --groups:
  one transaction a group, the totals set), and `migrate groups 0008` (0009 and 0010 undone);
- `migrate groups 0007` (back: the totals' columns dropped), timed;
- `migrate groups 0008` (forward: the columns added and filled from the live shares in
  batches of groups), timed; then every member's totals checked against their shares;
- `migrate groups 0009`, then `migrate groups 0010` (forward: the tables created and filled
  from the live expenses and shares), timed; every group's spending per day checked against
  its expenses; `migrate groups 0009` (back: the tables dropped, two indexes rebuilt), timed.

Times are taken in-process around call_command (interpreter start-up excluded); on SQLite the
process's CPU seconds are beside them (on a busy machine, what the step takes alone).

    .venv/bin/python bench/totals_migration_bench.py [--shares 1000000] [--groups 100]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/...
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import PostgresDatabase, SQLiteDatabase, machine  # noqa: E402

MEMBERS = 20
SHARES_PER_EXPENSE = 4.2  # seed_bench's mix of splits, on average


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shares", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.shares, args.groups)))
        return
    url = os.environ.get("DATABASE_URL", "")
    results = []
    with tempfile.TemporaryDirectory(prefix="totals-migration-") as tmp:
        databases = [lambda: SQLiteDatabase(Path(tmp), "migration")]
        if url.startswith(("postgres://", "postgresql://")):
            databases.append(lambda: PostgresDatabase(url, "migration"))
        for make in databases:
            database = make()
            try:
                results.append(run_worker(args, database))
            finally:
                database.drop()
    print(render(results))


def run_worker(args, database) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env.update(database.env(), DJANGO_SETTINGS_MODULE="splitwise.settings", PYTHONPATH=str(ROOT))
    command = [sys.executable, __file__, "--worker"]
    command += ["--shares", str(args.shares), "--groups", str(args.groups)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"The benchmark worker failed:\n{result.stderr}")
    return {**json.loads(result.stdout.splitlines()[-1]), "version": database.version()}


def measure(shares: int, groups: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from groups.models import GroupMember
    from groups.seeding.crowd import seed_groups
    from groups.services import totals

    def migrate(*target) -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.process_time()
        call_command("migrate", *target, verbosity=0, stdout=StringIO())
        return time.perf_counter() - started, time.process_time() - cpu

    migrate()
    per_group = round(shares / groups / SHARES_PER_EXPENSE)
    crowd = seed_groups(count=groups, members=MEMBERS, expenses=per_group, seed=3)
    migrate("groups", "0008")
    back = migrate("groups", "0007")
    forward = migrate("groups", "0008")
    drifting = sum(len(totals.member_drift(group_id)) for group_id in crowd.group_ids)
    members = GroupMember.objects.count()
    migrate("groups", "0009")
    spending_forward = migrate("groups", "0010")
    days_drifting = sum(len(totals.spending_drift(group_id)) for group_id in crowd.group_ids)
    spending_back = migrate("groups", "0009")
    migrate()
    return {
        "groups": groups,
        "members": members,
        "expenses": crowd.expenses,
        "shares": crowd.shares,
        "seed_s": crowd.seconds,
        "forward": forward,
        "back": back,
        "drifting": drifting,
        "spending_forward": spending_forward,
        "spending_back": spending_back,
        "days_drifting": days_drifting,
    }


def render(results: list[dict]) -> str:
    def cell(result, step):
        seconds, cpu = result[step]
        if result["version"].startswith("SQLite"):
            return f"{seconds:.2f} s ({cpu:.2f} s CPU)"
        return f"{seconds:.2f} s"

    lines = [
        f"Migrations 0008 and 0010 ({machine()})",
        "",
        "| database | migration | groups / members | shares | forward: add and fill | back "
        "| drift afterwards |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        size = f"{r['groups']:,} / {r['members']:,} | {r['shares']:,}"
        lines.append(
            f"| {r['version']} | 0008 members' totals | {size} | {cell(r, 'forward')} "
            f"| {cell(r, 'back')} | {r['drifting']} members |"
        )
        lines.append(
            f"| {r['version']} | 0010 spending per day | {size} "
            f"| {cell(r, 'spending_forward')} | {cell(r, 'spending_back')} "
            f"| {r['days_drifting']} days |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
