"""Benchmark balances on maintained totals: flat in N, in a crowded database, cheap to write.

For each size (20 members), a fresh scratch database (bench/databases.py), migrate and
seed_bench, then in one `manage.py shell` process, after a warm-up, each in a block of its own:

- the balances endpoint through Django's test Client (token auth, every middleware, DRF):
  the server-side time of a request, without HTTP or gunicorn;
- the plain aggregate over the group's live shares, ``groups.services.totals.share_sums``
  (what balances ran before the totals), in the same process;
- the statistics endpoint, all time and over the last year (up to 100k expenses);
- the balances endpoint again, each time right after the aggregate (its caches cold).

Then the balances again in one database crowded with --crowd-groups other groups
(--crowd-shares shares in all), expense creation before vs after the totals
(bench/write_cost.py), IHateMoney on the same bills (bench/peer_ihatemoney.py), and
PASS/FAIL against the goals. Prints Markdown.

    .venv/bin/python bench/totals_bench.py [--sizes 1000,10000,100000,1000000]
        [--crowd-groups 1000 --crowd-shares 10000000] [--no-peer] [--no-write-cost]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/...
"""

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import peer_ihatemoney, write_cost  # noqa: E402
from bench.databases import (  # noqa: E402
    PostgresDatabase,
    SQLiteDatabase,
    load_average,
    machine,
    server_env,
)
from bench.serving import manage  # noqa: E402

GOAL_MEDIAN_MS = 5.0
GOAL_RATIO = 0.15
GOAL_STATISTICS_MS = 100.0
RATIO_SIZE = 100_000
SHARES_PER_EXPENSE = 4.2  # what seed_bench's mix of splits writes, on average

# Run inside `manage.py shell`. Prints the timings in seconds, and the members' ids.
PROBE = """
import datetime, json, time
from django.test import Client
from groups.models import GroupMember
from groups.services.totals import share_sums

group_id, runs, aggregates, with_statistics = {group_id}, {runs}, {aggregates}, {statistics}
client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION="Token {token}",
                HTTP_ACCEPT="application/json")
today = datetime.date.today()
year = f"date_after={{today - datetime.timedelta(days=365)}}&date_before={{today}}"
paths = {{"balances": f"/api/groups/{{group_id}}/balances/"}}
if with_statistics:
    paths["statistics"] = f"/api/groups/{{group_id}}/statistics/"
    paths["statistics_year"] = f"/api/groups/{{group_id}}/statistics/?{{year}}"

def get(path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])

def timed(call):
    started = time.perf_counter()
    call()
    return time.perf_counter() - started

for _ in range(3):  # warm-up
    for path in paths.values():
        get(path)
    share_sums(group_id)
# Each in a block of its own: a request right after a heavy one runs with cold caches (the
# balances about 2 ms slower after the aggregate), which would be timing the neighbour.
timings = {{name: [timed(lambda: get(path)) for _ in range(runs)] for name, path in paths.items()}}
timings["aggregate"] = [timed(lambda: share_sums(group_id)) for _ in range(aggregates)]
balances = paths["balances"]
timings["balances_after_aggregate"] = []
for _ in range(aggregates):
    share_sums(group_id)
    timings["balances_after_aggregate"].append(timed(lambda: get(balances)))
members = list(GroupMember.objects.filter(group_id=group_id).order_by("pk")
               .values_list("pk", flat=True))
print(json.dumps({{"timings": timings, "members": members}}))
"""


def seed(env, expenses: int, *, seed: int = 1, groups: int = 1, name: str = "Bench") -> dict:
    out = manage(
        env,
        "seed_bench",
        "--members",
        "20",
        "--expenses",
        str(expenses),
        "--seed",
        str(seed),
        "--groups",
        str(groups),
        "--group-name",
        name,
        timeout=7200,
    )
    values = dict(re.findall(r"^(\w+)=(\S+)$", out, re.M))
    values["shares"] = int(re.search(r"(\d+) shares in", out).group(1))
    values["seconds"] = float(re.search(r"in ([\d.]+) s", out).group(1))
    return values


def probe(env, group_id, token, *, runs: int, aggregates: int, with_statistics: bool) -> dict:
    code = PROBE.format(
        group_id=group_id,
        token=token,
        runs=runs,
        aggregates=aggregates,
        statistics=with_statistics,
    )
    out = manage(env, "shell", "--no-imports", "-c", code, timeout=3600)
    result = json.loads(out.strip().splitlines()[-1])
    result["ms"] = {
        name: statistics.median(values) * 1000
        for name, values in result["timings"].items()
        if values
    }
    return result


def measure_size(database, size: int, args, folder: Path, report: dict) -> None:
    env = server_env(database)
    manage(env, "migrate", "--noinput")
    seeded = seed(env, size)
    database.after_seed()
    large = size > RATIO_SIZE
    result = probe(
        env,
        seeded["group_id"],
        seeded["token"],
        runs=args.requests,
        aggregates=5 if large else args.requests,
        with_statistics=not large,
    )
    report["sizes"].append(
        {"expenses": size, "shares": seeded["shares"], "seed_s": seeded["seconds"], **result["ms"]}
    )
    if size in args.peer_sizes and args.peer:
        print("  peer ...", file=sys.stderr, flush=True)
        compared = peer_ihatemoney.compare(
            args.peer_setup, database, int(seeded["group_id"]), seeded["token"], size, folder
        )
        report["peer"].append({**compared, "ours_server_ms": result["ms"]["balances"]})
    if size == args.write_size and args.write_cost:
        print("  write cost ...", file=sys.stderr, flush=True)
        report["write"] = write_cost.measure(
            database,
            int(seeded["group_id"]),
            seeded["token"],
            result["members"],
            folder,
            batches=args.write_batches,
            batch=20,
        )


def measure_crowd(database, args, report: dict) -> None:
    env = server_env(database)
    manage(env, "migrate", "--noinput")
    per_group = round(args.crowd_shares / args.crowd_groups / SHARES_PER_EXPENSE)
    crowd = seed(env, per_group, seed=2, groups=args.crowd_groups, name="Crowd")
    print(f"  crowd seeded: {crowd['shares']:,} shares", file=sys.stderr, flush=True)
    report["crowd"] = {
        "groups": args.crowd_groups,
        "shares": crowd["shares"],
        "seed_s": crowd["seconds"],
        "sizes": [],
    }
    for size in args.crowd_sizes:
        seeded = seed(env, size)
        database.after_seed()
        result = probe(
            env,
            seeded["group_id"],
            seeded["token"],
            runs=args.requests,
            aggregates=args.requests,
            with_statistics=False,
        )
        report["crowd"]["sizes"].append(
            {"expenses": size, "shares": seeded["shares"], **result["ms"]}
        )


def verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**FAIL**"


def balances_table(rows: list[dict], statistics_columns: bool) -> list[str]:
    head = (
        "| expenses | shares | balances endpoint (ms) | plain aggregate (ms) | ratio "
        "| balances right after the aggregate (ms) |"
    )
    lines = [head + (" statistics all time / one year (ms) |" if statistics_columns else "")]
    lines.append(
        "| ---: | ---: | ---: | ---: | ---: | ---: |" + (" ---: |" if statistics_columns else "")
    )
    for r in rows:
        line = (
            f"| {r['expenses']:,} | {r['shares']:,} | {r['balances']:.2f} "
            f"| {r['aggregate']:.1f} | {r['balances'] / r['aggregate']:.4f} "
            f"| {r['balances_after_aggregate']:.2f} |"
        )
        if statistics_columns:
            stats = (
                f" {r['statistics']:.1f} / {r['statistics_year']:.1f} |"
                if "statistics" in r
                else " - |"
            )
            line += stats
        lines.append(line)
    medians = [r["balances"] for r in rows]
    lines += [
        "",
        f"- Flatness (largest / smallest balances median): "
        f"{max(medians) / min(medians):.2f}; every median < {GOAL_MEDIAN_MS:g} ms: "
        f"{verdict(max(medians) < GOAL_MEDIAN_MS)}.",
    ]
    return lines


def render(report: dict, args) -> str:
    lines = [
        f"### {report['version']} ({machine()})",
        "",
        f"Load average (1 min) before / after: {report['load']} / {load_average()}.",
        "",
        "#### Balances, server-side (in-process test Client), 20 members",
        "",
    ]
    lines += balances_table(report["sizes"], True)
    at = {r["expenses"]: r for r in report["sizes"]}
    if RATIO_SIZE in at:
        r = at[RATIO_SIZE]
        ratio = r["balances"] / r["aggregate"]
        lines.append(
            f"- Endpoint / plain aggregate at {RATIO_SIZE:,}: {ratio:.4f} "
            f"(goal <= {GOAL_RATIO}): {verdict(ratio <= GOAL_RATIO)}."
        )
        worst = max(r["statistics"], r["statistics_year"])
        lines.append(
            f"- Statistics at {RATIO_SIZE:,}: all time {r['statistics']:.1f} ms, one "
            f"year {r['statistics_year']:.1f} ms (goal < {GOAL_STATISTICS_MS:g} ms): "
            f"{verdict(worst < GOAL_STATISTICS_MS)}."
        )
    if crowd := report.get("crowd"):
        lines += [
            "",
            f"#### Crowded: {crowd['shares']:,} shares in {crowd['groups']:,} other "
            f"groups of the same database (seeded in {crowd['seed_s']:.0f} s)",
            "",
        ]
        lines += balances_table(crowd["sizes"], False)
    if "write" in report:
        lines += ["", f"#### Write cost at {args.write_size:,} expenses", ""]
        lines += write_cost.report(report["write"])
    if args.peer:
        lines += ["", "#### Peer: IHateMoney, same bills, over HTTP", ""]
        lines += peer_ihatemoney.report(report["peer"], args.peer_setup)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--requests", type=int, default=30, help="Timed requests per size.")
    parser.add_argument("--crowd-groups", type=int, default=100, help="0: no crowded run.")
    parser.add_argument("--crowd-shares", type=int, default=1_000_000)
    parser.add_argument("--crowd-sizes", default="1000,100000")
    parser.add_argument("--write-size", type=int, default=100_000)
    parser.add_argument("--write-batches", type=int, default=10, help="20 POSTs a batch.")
    parser.add_argument("--no-write-cost", dest="write_cost", action="store_false")
    parser.add_argument("--peer-sizes", default="10000,100000")
    parser.add_argument("--no-peer", dest="peer", action="store_false")
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.crowd_sizes = [int(s) for s in args.crowd_sizes.split(",")]
    args.peer_sizes = {int(s) for s in args.peer_sizes.split(",")}
    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://"))
    report = {"load": load_average(), "sizes": [], "peer": []}
    with tempfile.TemporaryDirectory(prefix="splitwise-totals-") as tmp:
        folder = Path(tmp)
        args.peer_setup = peer_ihatemoney.setup(folder) if args.peer else None

        def database(name):
            return PostgresDatabase(url, name) if postgres else SQLiteDatabase(folder, name)

        runs = [
            (size, lambda db, s=size: measure_size(db, s, args, folder, report))
            for size in args.sizes
        ]
        if args.crowd_groups:
            runs.append(("crowd", lambda db: measure_crowd(db, args, report)))
        for name, run in runs:
            print(f"{name} ...", file=sys.stderr, flush=True)
            db = database(name)
            try:
                report["version"] = db.version()
                run(db)
            finally:
                db.drop()
        if args.peer:
            peer_ihatemoney.teardown(args.peer_setup)
    print(render(report, args))


if __name__ == "__main__":
    main()
