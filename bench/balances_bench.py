"""Benchmark balances and settle-up at 1k, 10k and 100k expenses, against the bare SQL.

For each size: a fresh database (an SQLite file in a temporary folder, or a scratch
PostgreSQL database next to the one DATABASE_URL names, dropped afterwards), migrate and
seed_bench in subprocesses, a real gunicorn server on 127.0.0.1, then

- the balances endpoint over HTTP (median and p95 of --requests GETs after warm-up);
- the aggregate SQL that Django emits for it, run bare through the same driver;
- the server worker's memory before and after those requests;
- a peer: the same balances summed in a Python loop over every share, the way services that
  compute balances in the model do (IHateMoney over its bills), timed inside Django;
- sequential expense creation over HTTP.

Then settle_up alone for 8, 15 and 200 parties. Prints a Markdown table.

    .venv/bin/python bench/balances_bench.py [--sizes 1000,10000,100000] [--requests 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/balances_bench.py
"""

import argparse
import contextlib
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import (  # noqa: E402
    PostgresDatabase,
    SQLiteDatabase,
    Timing,
    load_average,
    machine,
    memory_mib,
    request,
    server_env,
    timed,
)
from bench.serving import ServingError, gunicorn, manage  # noqa: E402
from groups.domain.debts import settle_up  # noqa: E402  (pure: needs no Django settings)

TARGET_RATIO = {"sqlite": 2.0, "postgresql": 2.5}
SETTLE_TARGET_MS = {8: 50.0, 15: 50.0, 200: 5.0}

# Run inside `manage.py shell`: the balances SQL exactly as Django hands it to the driver,
# the group's member ids, and the peer's timing.
PROBE = """
import json, time
from django.db import connection
from groups.models import GroupMember, Share
from groups.selectors.balances import member_balances

group_id = {group_id}
captured = []

def capture(execute, sql, params, many, context):
    captured.append((sql, list(params or ())))
    return execute(sql, params, many, context)

with connection.execute_wrapper(capture):
    expected = member_balances(group_id)

def peer():
    balances = {{}}
    for share in Share.objects.filter(group_id=group_id):
        balances[share.member_id] = balances.get(share.member_id, 0) + share.paid - share.owed
    return balances

timings = []
for _ in range({peer_runs}):
    started = time.perf_counter()
    assert peer() == expected
    timings.append(time.perf_counter() - started)
members = list(GroupMember.objects.filter(group_id=group_id).values_list("pk", flat=True))
print(json.dumps({{"sql": captured[-1], "members": members, "peer": timings}}))
"""


@dataclass
class SizeResult:
    expenses: int
    shares: int
    seed_s: float
    endpoint: Timing
    bare_sql: Timing
    peer_ms: float
    rss_before_mib: float
    hwm_after_mib: float
    creates_per_s: float
    plan: str

    @property
    def ratio(self) -> float:
        return self.endpoint.median_ms / self.bare_sql.median_ms


# --- processes ------------------------------------------------------------------------------


# --- one size -------------------------------------------------------------------------------


def bench_size(database, size: int, args, folder: Path) -> SizeResult:
    env = server_env(database)
    manage(env, "migrate", "--noinput")
    seeded = manage(
        env, "seed_bench", "--members", str(args.members), "--expenses", str(size), "--seed", "1"
    )
    values = dict(re.findall(r"^(\w+)=(\S+)$", seeded, re.M))
    group_id, token = int(values["group_id"]), values["token"]
    shares = int(re.search(r"(\d+) shares in", seeded).group(1))
    seed_s = float(re.search(r"in ([\d.]+) s", seeded).group(1))
    database.after_seed()
    peer_runs = 3 if size <= 10_000 else 1
    probe_output = manage(
        env, "shell", "--no-imports", "-c", PROBE.format(group_id=group_id, peer_runs=peer_runs)
    )
    probe = json.loads(probe_output.strip().splitlines()[-1])
    (sql, params), member_ids = probe["sql"], probe["members"]

    balances = f"/api/groups/{group_id}/balances/"
    bare_query = database.driver_sql(sql)
    with (
        gunicorn(env, folder / f"gunicorn-{size}.log", workers=1) as server,
        contextlib.closing(database.connect()) as conn,
    ):
        port, (worker,) = server.port, server.worker_pids()
        status, body = request(port, "GET", f"/api/groups/{group_id}/", token)
        if status != 200:
            raise SystemExit(f"GET group answered {status}: {body[:500]!r}")
        before = memory_mib(worker)

        def get_balances():
            status, body = request(port, "GET", balances, token)
            if status != 200:
                raise SystemExit(f"GET balances answered {status}: {body[:500]!r}")

        def bare():
            conn.execute(bare_query, params).fetchall()

        # Taken in turns, so that other work on the machine weighs on both sides alike.
        endpoint_s, bare_s = [], []
        for run in range(3 + args.requests):
            endpoint_time, bare_time = timed(get_balances, 1) + timed(bare, 1)
            if run >= 3:
                endpoint_s.append(endpoint_time)
                bare_s.append(bare_time)
        endpoint, bare_sql = Timing.of(endpoint_s), Timing.of(bare_s)
        after = memory_mib(worker)
        plan = database.plan(conn, bare_query, params)
        creates_per_s = bench_creates(port, token, group_id, member_ids, args.creates)

    return SizeResult(
        expenses=size,
        shares=shares,
        seed_s=seed_s,
        endpoint=endpoint,
        bare_sql=bare_sql,
        peer_ms=statistics.median(probe["peer"]) * 1000,
        rss_before_mib=before["VmRSS"],
        hwm_after_mib=after["VmHWM"],
        creates_per_s=creates_per_s,
        plan=plan,
    )


def bench_creates(port: int, token: str, group_id: int, member_ids: list[int], count: int):
    rng = random.Random(2)
    path = f"/api/groups/{group_id}/expenses/"
    bodies = [
        {
            "description": "Bench dinner",
            "amount": f"{rng.randint(100, 20_000) / 100:.2f}",
            "paid_by": rng.choice(member_ids),
            "split": "equal",
            "participants": [
                {"member": m}
                for m in rng.sample(member_ids, rng.randint(1, min(6, len(member_ids))))
            ],
        }
        for _ in range(count)
    ]
    started = time.perf_counter()
    for body in bodies:
        status, answer = request(port, "POST", path, token, body)
        if status != 201:
            raise SystemExit(f"POST expense answered {status}: {answer[:500]!r}")
    return count / (time.perf_counter() - started)


# --- settle-up ------------------------------------------------------------------------------


def random_balances(rng: random.Random, parties: int) -> dict[int, Decimal]:
    """Non-zero balances of ``parties`` parties that add up to zero."""
    while True:
        cents = [rng.choice((-1, 1)) * rng.randint(1, 100_000) for _ in range(parties - 1)]
        if sum(cents):
            cents.append(-sum(cents))
            return {party: Decimal(c).scaleb(-2) for party, c in enumerate(cents, start=1)}


def bench_settle_up() -> dict[int, Timing]:
    rng = random.Random(3)
    results = {}
    for parties, runs in ((8, 200), (15, 30), (200, 200)):
        cases = [random_balances(rng, parties) for _ in range(runs)]
        settle_up(cases[0])  # warm the cached bit patterns, as a running server would have
        seconds = []
        for balances in cases:
            started = time.perf_counter()
            transfers = settle_up(balances)
            seconds.append(time.perf_counter() - started)
            assert len(transfers) <= parties - 1
        results[parties] = Timing.of(seconds)
    return results


# --- report ---------------------------------------------------------------------------------


def report(
    vendor: str, version: str, results: list[SizeResult], settle: dict[int, Timing], load: str
):
    target = TARGET_RATIO[vendor]
    lines = [
        f"### {version} ({machine()})",
        "",
        f"Load average (1 min) before / after the run: {load} / {load_average()}.",
        "",
        "| expenses | shares | seed (s) | balances endpoint, median / p95 (ms) "
        "| bare aggregate SQL, median / p95 (ms) | ratio | peer: Python loop (ms) "
        "| worker RSS before / peak after (MiB) | expense creation (req/s) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.expenses:,} | {r.shares:,} | {r.seed_s:.1f} "
            f"| {r.endpoint.median_ms:.1f} / {r.endpoint.p95_ms:.1f} "
            f"| {r.bare_sql.median_ms:.1f} / {r.bare_sql.p95_ms:.1f} | {r.ratio:.2f} "
            f"| {r.peer_ms:,.0f} | {r.rss_before_mib:.0f} / {r.hwm_after_mib:.0f} "
            f"| {r.creates_per_s:.0f} |"
        )
    largest = max(results, key=lambda r: r.expenses)
    verdict = "met" if largest.ratio <= target else "MISSED"
    growth = [r.hwm_after_mib - r.rss_before_mib for r in results]
    lines += [
        "",
        f"- Plan of the aggregate at {largest.expenses:,} expenses: {largest.plan}.",
        f"- Target: endpoint / bare SQL <= {target} at {largest.expenses:,} expenses: "
        f"{largest.ratio:.2f}, {verdict}.",
        "- Server memory during balances requests (peak after minus RSS before), by size: "
        + ", ".join(f"{g:+.1f} MiB" for g in growth)
        + ".",
        "",
        "| settle-up | median (ms) | p95 (ms) | target (median) |",
        "| --- | ---: | ---: | --- |",
    ]
    for parties, timing in settle.items():
        method = "exact" if parties <= 15 else "greedy"
        limit = SETTLE_TARGET_MS[parties]
        verdict = "met" if timing.median_ms < limit else "MISSED"
        lines.append(
            f"| {parties} parties ({method}) | {timing.median_ms:.2f} | {timing.p95_ms:.2f} "
            f"| < {limit:g} ms: {verdict} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="Expense counts.")
    parser.add_argument("--requests", type=int, default=20, help="Timed requests per size.")
    parser.add_argument("--members", type=int, default=20, help="Members of the group.")
    parser.add_argument("--creates", type=int, default=200, help="Expenses POSTed per size.")
    args = parser.parse_args()
    if args.requests < 20:
        parser.error("--requests must be at least 20")
    sizes = [int(size) for size in args.sizes.split(",")]

    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://"))
    load = load_average()
    settle = bench_settle_up()
    results = []
    with tempfile.TemporaryDirectory(prefix="splitwise-bench-") as tmp:
        folder = Path(tmp)
        version = ""
        for size in sizes:
            print(f"{size:,} expenses ...", file=sys.stderr, flush=True)
            database = PostgresDatabase(url, size) if postgres else SQLiteDatabase(folder, size)
            try:
                version = database.version()
                results.append(bench_size(database, size, args, folder))
            except ServingError as error:
                raise SystemExit(str(error)) from None
            finally:
                database.drop()
    print(report("postgresql" if postgres else "sqlite", version, results, settle, load))


if __name__ == "__main__":
    main()
