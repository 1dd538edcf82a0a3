"""Load test: N concurrent API clients against gunicorn for a bounded time, then an audit.

    .venv/bin/python bench/load.py --clients 8 --seconds 10
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000     # a server already running

Without --url the script migrates a scratch database (a temporary SQLite file, or a new
database on the PostgreSQL server of --database-url, dropped afterwards), serves it with
gunicorn on 127.0.0.1 with production settings, and stops the server at the end.

Each client is its own registered user in one shared group. Clients post expenses and
payments and read the balances, as fast as the server answers. The report gives requests/s,
p50/p99 latency and errors per operation; the audit then checks that the group holds exactly
the expenses and payments whose creation succeeded, that every expense's shares add up to its
amount, and that the balances sum to 0.00 (through the API, and in SQL when the script owns
the database). The exit status is 1 when anything failed.

The pieces live in bench/loadgen/ (client, workload, audit, report, servers); the test suite
(tests/api/test_concurrency.py, tests/ops/test_operations_under_load.py) drives its servers
with them too.
"""

import argparse
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, only bench/ is on the path

from bench.loadgen.audit import audit_api, audit_database, check  # noqa: E402
from bench.loadgen.report import Report  # noqa: E402
from bench.loadgen.servers import scratch_database, server_environment  # noqa: E402
from bench.loadgen.workload import run_clients, seed_group, timed_ops  # noqa: E402
from bench.serving import gunicorn, manage  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (users)")
    parser.add_argument("--seconds", type=float, default=10, help="how long the load lasts")
    parser.add_argument("--url", help="a running server on 127.0.0.1 (else gunicorn is started)")
    parser.add_argument(
        "--database-url", help="a PostgreSQL server to create a scratch database on"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the workload")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="splitwise-load-") as directory, ExitStack() as stack:
        server = None
        if args.url:
            url = args.url
        else:
            database = stack.enter_context(scratch_database(args.database_url, Path(directory)))
            environment = server_environment(database)
            manage(environment, "migrate", "--noinput")
            log = Path(directory) / "gunicorn.log"
            server = stack.enter_context(
                gunicorn(environment, log, workers=args.workers, threads=args.threads)
            )
            url = server.url
            kind = "PostgreSQL" if args.database_url else "SQLite"
            print(f"gunicorn {args.workers} workers x {args.threads} threads on {url}, {kind}")
        try:
            seed = seed_group(url, users=args.clients)
        except RuntimeError:
            if server:
                print(f"server log:\n{server.log_text()[-5000:]}", file=sys.stderr)
            raise
        print(f"{args.clients} clients for {args.seconds:g} s, group {seed.group_id}")
        started = time.monotonic()
        outcomes = run_clients(
            url, seed, lambda index, rng: timed_ops(args.seconds, rng), seed_value=args.seed
        )
        print(Report(outcomes, time.monotonic() - started).render())
        database = audit_database(server.env, seed.group_id) if server else None
        problems = check(outcomes, audit_api(url, seed), database)
        if server and "database is locked" in server.log_text():
            problems.append("the server logged 'database is locked'")
        if server and (problems or any(o.status >= 500 for o in outcomes)):
            print(f"server log:\n{server.log_text()[-5000:]}", file=sys.stderr)
    created = sum(1 for o in outcomes if o.created is not None)
    where = "API and SQL" if database is not None else "API"
    if problems:
        print("AUDIT FAILED:\n  " + "\n  ".join(problems))
    else:
        shares = "; every expense's shares add up to its amount" if database else ""
        print(
            f"audit ({where}): {created} expenses and payments stored = {created} successful "
            f"creates; balances sum to 0.00{shares}"
        )
    errors = sum(1 for o in outcomes if not 200 <= o.status < 300)
    return 1 if problems or errors else 0


if __name__ == "__main__":
    sys.exit(main())
