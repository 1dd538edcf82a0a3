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

The test suite (tests/test_concurrency.py) drives the server with the same pieces.
"""

import argparse
import http.client
import json
import math
import random
import secrets
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, only bench/ is on the path

from bench.serving import LOCALHOST, gunicorn, manage, production_environment  # noqa: E402

MIX = {"expense": 60, "payment": 15, "balances": 25}


# --- the server -------------------------------------------------------------------------------


def server_environment(database: dict[str, str]) -> dict[str, str]:
    """Production settings on loopback, with the register and token throttle out of the way."""
    return {**production_environment(database), "DJANGO_THROTTLE_AUTH": "10000/min"}


@contextmanager
def scratch_database(database_url: str | None, directory: Path) -> Iterator[dict[str, str]]:
    """Environment variables naming a new, empty database; a PostgreSQL one is dropped after."""
    if not database_url:
        yield {"SQLITE_PATH": str(directory / "load.sqlite3")}
        return
    import psycopg

    name = f"splitwise_load_{secrets.token_hex(4)}"
    server = urllib.parse.urlsplit(database_url)
    maintenance = server._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": server._replace(path=f"/{name}").geturl()}
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the client -------------------------------------------------------------------------------


@dataclass
class Response:
    status: int  # 0 when no HTTP answer came back
    data: object
    seconds: float


class ApiClient:
    """One keep-alive HTTP connection speaking JSON to the API, as one user."""

    def __init__(self, url: str, token: str | None = None, timeout: float = 60):
        parts = urllib.parse.urlsplit(url)
        if parts.hostname not in {LOCALHOST, "localhost"}:
            raise ValueError("The load test only runs against a server on this machine.")
        self.host, self.port, self.timeout = parts.hostname, parts.port or 80, timeout
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Token {token}"
        self.connection = None

    def call(self, method: str, path: str, body: object = None) -> Response:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, self.timeout)
        payload = None if body is None else json.dumps(body)
        started = time.perf_counter()
        try:
            self.connection.request(method, path, payload, self.headers)
            answer = self.connection.getresponse()
            raw = answer.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        seconds = time.perf_counter() - started
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = raw.decode(errors="replace")
        return Response(answer.status, data, seconds)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


# --- the group and the workload --------------------------------------------------------------


@dataclass
class Seed:
    """A group for the load: one registered user per client, and a few guests."""

    group_id: int
    tokens: list[str]
    member_ids: list[int]


def expect(response: Response, status: int, what: str) -> dict:
    if response.status != status:
        raise RuntimeError(f"{what}: expected {status}, got {response.status}: {response.data}")
    return response.data


def seed_group(url: str, users: int, guests: int = 2) -> Seed:
    """Register ``users`` users, put them and ``guests`` guests in one new group."""
    tag = secrets.token_hex(3)
    accounts = []
    for number in range(users):
        username = f"load{tag}u{number}"
        body = {"username": username, "password": secrets.token_urlsafe(16)}
        registered = expect(
            ApiClient(url).call("POST", "/api/auth/register/", body), 201, "register"
        )
        accounts.append((username, registered["token"]))
    owner = ApiClient(url, accounts[0][1])
    group = expect(
        owner.call("POST", "/api/groups/", {"name": f"Load {tag}", "currency": "EUR"}), 201, "group"
    )
    base = f"/api/groups/{group['id']}/members/"
    (admin,) = expect(owner.call("GET", base), 200, "members")["results"]
    member_ids = [admin["id"]]
    new_members = [{"username": username} for username, _ in accounts[1:]]
    new_members += [{"name": f"Guest {number}"} for number in range(guests)]
    for body in new_members:
        member_ids.append(expect(owner.call("POST", base, body), 201, "member")["id"])
    owner.close()
    return Seed(group["id"], [token for _, token in accounts], member_ids)


def expense_body(rng: random.Random, member_ids: list[int]) -> dict:
    """A random valid expense: 1-4 participants, any split, one payer or two."""
    cents = rng.randint(1, 99_999)
    amount = f"{cents / 100:.2f}"
    participants = rng.sample(member_ids, rng.randint(1, min(4, len(member_ids))))
    split = rng.choice(["equal", "shares", "percent", "exact"])
    if split == "equal":
        values = [None] * len(participants)
    elif split == "shares":
        values = [str(rng.randint(1, 3)) for _ in participants]
    else:
        total = 100 if split == "percent" else cents
        if total < len(participants):
            participants, values = participants[:1], [total]
        else:
            cuts = sorted(rng.sample(range(1, total), len(participants) - 1))
            values = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
        values = [str(v) if split == "percent" else f"{v / 100:.2f}" for v in values]
    body = {
        "description": rng.choice(["Dinner", "Taxi", "Groceries", "Tickets"]),
        "amount": amount,
        "split": split,
        "participants": [
            {"member": m} if v is None else {"member": m, "value": v}
            for m, v in zip(participants, values, strict=True)
        ],
    }
    payers = rng.sample(member_ids, 2 if cents > 1 and rng.random() < 0.2 else 1)
    if len(payers) == 1:
        body["paid_by"] = payers[0]
    else:
        first = rng.randint(1, cents - 1)
        body["payers"] = [
            {"member": payers[0], "amount": f"{first / 100:.2f}"},
            {"member": payers[1], "amount": f"{(cents - first) / 100:.2f}"},
        ]
    return body


def payment_body(rng: random.Random, member_ids: list[int]) -> dict:
    from_member, to_member = rng.sample(member_ids, 2)
    amount = f"{rng.randint(1, 50_000) / 100:.2f}"
    return {"from_member": from_member, "to_member": to_member, "amount": amount}


@dataclass
class Outcome:
    """One request of the workload and what came of it."""

    op: str
    status: int
    seconds: float
    created: int | None = None
    error: str = ""


def timed_ops(seconds: float, rng: random.Random) -> Iterator[str]:
    """Operations in the proportions of MIX until ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    ops, weights = zip(*MIX.items(), strict=True)
    while time.monotonic() < deadline:
        yield rng.choices(ops, weights)[0]


def drive(client: ApiClient, seed: Seed, ops: Iterable[str], rng: random.Random) -> list[Outcome]:
    """Send ``ops`` one after the other on ``client``'s connection."""
    base = f"/api/groups/{seed.group_id}"
    outcomes = []
    for op in ops:
        if op == "balances":
            method, path, body = "GET", f"{base}/balances/", None
        elif op == "payment":
            method, path, body = "POST", f"{base}/payments/", payment_body(rng, seed.member_ids)
        else:
            method, path, body = "POST", f"{base}/expenses/", expense_body(rng, seed.member_ids)
        started = time.perf_counter()
        try:
            response = client.call(method, path, body)
        except (OSError, http.client.HTTPException) as error:
            outcomes.append(Outcome(op, 0, time.perf_counter() - started, error=repr(error)))
            continue
        created = response.data.get("id") if method == "POST" and response.status == 201 else None
        error = "" if 200 <= response.status < 300 else str(response.data)[:500]
        outcomes.append(Outcome(op, response.status, response.seconds, created, error))
    client.close()
    return outcomes


def run_clients(url: str, seed: Seed, ops_for_client, *, seed_value: int = 0) -> list[Outcome]:
    """One thread per token in ``seed``, each sending ``ops_for_client(index, rng)``."""
    results: list[list[Outcome]] = [[] for _ in seed.tokens]
    barrier = threading.Barrier(len(seed.tokens))

    def work(index: int) -> None:
        rng = random.Random(seed_value * 1000 + index)
        client = ApiClient(url, seed.tokens[index])
        barrier.wait()
        results[index] = drive(client, seed, ops_for_client(index, rng), rng)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(seed.tokens))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [outcome for outcomes in results for outcome in outcomes]


# --- the audit --------------------------------------------------------------------------------

AUDIT = """
import json
from django.db.models import F, Sum
from groups.models import Expense, Share
expenses = Expense.objects.filter(group_id={group_id})
totals = Share.objects.filter(group_id={group_id}).aggregate(paid=Sum("paid"), owed=Sum("owed"))
unbalanced = expenses.annotate(paid=Sum("shares__paid"), owed=Sum("shares__owed")).exclude(
    paid=F("amount"), owed=F("amount")
)
print(json.dumps({{
    "ids": sorted(expenses.values_list("id", flat=True)),
    "balance_sum": str((totals["paid"] or 0) - (totals["owed"] or 0)),
    "unbalanced": sorted(unbalanced.values_list("id", flat=True)),
}}))
"""


def audit_database(env: dict[str, str], group_id: int) -> dict:
    """Read the group's expense ids and sums straight from the server's database."""
    output = manage(env, "shell", "-c", AUDIT.format(group_id=group_id))
    return json.loads(output.strip().splitlines()[-1])


def audit_api(url: str, seed: Seed) -> dict:
    """The group as the API reports it: how many expenses, and the balances' sums."""
    client = ApiClient(url, seed.tokens[0])
    base = f"/api/groups/{seed.group_id}"
    count = expect(client.call("GET", f"{base}/expenses/"), 200, "expenses")["count"]
    sheet = expect(client.call("GET", f"{base}/balances/"), 200, "balances")
    client.close()
    return {
        "count": count,
        "members_sum": sum(Decimal(row["balance"]) for row in sheet["members"]),
        "aggregated_sum": sum(Decimal(row["balance"]) for row in sheet["aggregated"]),
    }


# --- the report -------------------------------------------------------------------------------


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return math.nan
    return sorted_values[max(0, math.ceil(fraction * len(sorted_values)) - 1)]


@dataclass
class Report:
    """Requests/s, latency percentiles and errors, per operation and overall."""

    outcomes: list[Outcome]
    seconds: float

    def rows(self) -> list[tuple[str, int, float, float, float, int]]:
        rows = []
        for op in [*MIX, "all"]:
            chosen = [o for o in self.outcomes if op in (o.op, "all")]
            if not chosen:
                continue
            latencies = sorted(o.seconds * 1000 for o in chosen)
            errors = sum(1 for o in chosen if not 200 <= o.status < 300)
            rows.append(
                (
                    op,
                    len(chosen),
                    len(chosen) / self.seconds,
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.99),
                    errors,
                )
            )
        return rows

    def render(self) -> str:
        lines = [
            f"{'operation':<10} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} errors"
        ]
        for op, count, rate, p50, p99, errors in self.rows():
            lines.append(f"{op:<10} {count:>9} {rate:>8.1f} {p50:>8.1f} {p99:>8.1f} {errors:>6}")
        statuses: dict[int, int] = {}
        for outcome in self.outcomes:
            statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        lines.append("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
        failures = [o for o in self.outcomes if o.error]
        for outcome in failures[:5]:
            lines.append(f"  {outcome.op} -> {outcome.status}: {outcome.error[:200]}")
        return "\n".join(lines)


def check(outcomes: list[Outcome], api: dict, database: dict | None) -> list[str]:
    """What is wrong with the database after the load (nothing, one hopes)."""
    created = {o.created for o in outcomes if o.created is not None}
    problems = []
    if api["count"] != len(created):
        problems.append(f"the API lists {api['count']} expenses, {len(created)} were created")
    if api["members_sum"] != 0 or api["aggregated_sum"] != 0:
        problems.append(f"the API's balances sum to {api['members_sum']}/{api['aggregated_sum']}")
    if database is not None:
        if set(database["ids"]) != created:
            lost = sorted(created - set(database["ids"]))[:10]
            extra = sorted(set(database["ids"]) - created)[:10]
            problems.append(
                f"database differs from the successful creates: lost {lost}, extra {extra}"
            )
        if Decimal(database["balance_sum"]) != 0:
            problems.append(f"the shares' balances sum to {database['balance_sum']} in SQL")
        if database["unbalanced"]:
            problems.append(f"expenses whose shares miss their amount: {database['unbalanced']}")
    return problems


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
