"""Concurrent writers against a real gunicorn on a real database file (or PostgreSQL).

The test database pytest-django provides is SQLite in memory, shared with its live server's
thread: it cannot lock the way a file does. So these tests migrate a scratch database (a
temporary SQLite file; with DATABASE_URL, a new PostgreSQL database, dropped afterwards),
serve it with gunicorn in a subprocess, and read the database back through a subprocess too.
"""

import json
import os
import random
import threading
from decimal import Decimal

import pytest

from bench.loadgen.audit import audit_api, audit_database, check
from bench.loadgen.client import ApiClient
from bench.loadgen.servers import scratch_database, server_environment
from bench.loadgen.workload import expect, expense_body, run_clients, seed_group
from bench.serving import gunicorn, manage

pytestmark = pytest.mark.slow

CLIENTS = 8
EXPENSES_PER_CLIENT = 50
PAYMENTS_PER_CLIENT = 10

DATABASE_URL = os.environ.get("DATABASE_URL", "")
POSTGRES_URL = DATABASE_URL if DATABASE_URL.startswith(("postgres://", "postgresql://")) else None
DATABASES = [
    pytest.param(
        None,
        id="sqlite-file",
        marks=pytest.mark.skipif(
            POSTGRES_URL is not None,
            reason="this run of the suite is on PostgreSQL; its SQLite run covers the file",
        ),
    ),
    pytest.param(
        POSTGRES_URL,
        id="postgresql",
        marks=pytest.mark.skipif(
            POSTGRES_URL is None,
            reason="DATABASE_URL names no PostgreSQL server to run against",
        ),
    ),
]


@pytest.fixture(scope="module", params=DATABASES)
def server(request, tmp_path_factory):
    directory = tmp_path_factory.mktemp("concurrency")
    with scratch_database(request.param, directory) as database:
        env = server_environment(database)
        manage(env, "migrate", "--noinput")
        with gunicorn(env, directory / "gunicorn.log", workers=2, threads=4) as running:
            yield running
            log = running.log_text()
            assert "database is locked" not in log
            assert "Traceback" not in log, log


def test_concurrent_writers_lose_nothing_and_balance(server):
    seed = seed_group(server.url, users=CLIENTS)

    def ops(index, rng):
        mix = ["expense"] * EXPENSES_PER_CLIENT + ["payment"] * PAYMENTS_PER_CLIENT
        rng.shuffle(mix)
        return mix

    outcomes = run_clients(server.url, seed, ops, seed_value=1)

    statuses = [o.status for o in outcomes]
    assert len(statuses) == CLIENTS * (EXPENSES_PER_CLIENT + PAYMENTS_PER_CLIENT)
    assert not [o for o in outcomes if o.status >= 500 or o.status == 0]
    assert not [o for o in outcomes if "database is locked" in o.error]
    assert set(statuses) == {201}, {o.error for o in outcomes if o.error}
    database = audit_database(server.env, seed.group_id)
    # Every 2xx is in the database, nothing else is, and everything still adds up.
    assert check(outcomes, audit_api(server.url, seed), database) == []
    assert len(database["ids"]) == len(outcomes)
    assert Decimal(database["balance_sum"]) == 0
    # The members' maintained totals moved with every one of those writes: no drift.
    assert "no drift" in manage(server.env, "reconcile_balances")


MEMBERS_AUDIT = """
import json
from groups.models import GroupMember
rows = GroupMember.objects.filter(group_id={group_id}).values(
    "id", "user_id", "is_active", "managed_by_type__model", "managed_by_id"
)
print(json.dumps(list(rows)))
"""


def management_problems(rows: list[dict]) -> list[str]:
    """Rules 1 and 2 (and no dangling reference, rule 4) over a group's member rows."""
    by_member = {row["id"]: row for row in rows}
    by_user = {row["user_id"]: row for row in rows if row["user_id"] is not None}
    managers = {}
    problems = []
    for row in rows:
        if row["managed_by_id"] is None:
            continue
        lookup = by_user if row["managed_by_type__model"] == "user" else by_member
        manager = lookup.get(row["managed_by_id"])
        if manager is None:
            problems.append(f"{row['id']} is managed by nothing in the group")
            continue
        managers[row["id"]] = manager["id"]
        if manager["id"] == row["id"]:
            problems.append(f"{row['id']} manages themself")
        if not (row["is_active"] and manager["is_active"]):
            problems.append(f"{row['id']} or their manager {manager['id']} is inactive")
    for managed, manager in managers.items():
        if manager in managers:
            problems.append(f"chain: {managed} -> {manager} -> {managers[manager]}")
    return problems


def balance_sheet(server, seed) -> dict:
    client = ApiClient(server.url, seed.tokens[0])
    sheet = expect(client.call("GET", f"/api/groups/{seed.group_id}/balances/"), 200, "balances")
    client.close()
    return sheet


def test_concurrent_manager_changes_end_in_a_valid_state(server):
    seed = seed_group(server.url, users=4, guests=4)
    others = seed.member_ids[1:]
    base = f"/api/groups/{seed.group_id}"
    owner, rng = ApiClient(server.url, seed.tokens[0]), random.Random(2)
    for _ in range(10):
        expect(owner.call("POST", f"{base}/expenses/", expense_body(rng, seed.member_ids)), 201, "")
    owner.close()
    before = {row["member"]: row["balance"] for row in balance_sheet(server, seed)["members"]}
    statuses = []
    lock = threading.Lock()

    def change_managers(index: int, token: str) -> None:
        # Everyone races to set and clear managers among the same few members, in every
        # direction: any pair of changes that interleaved badly would build a chain.
        rng = random.Random(index)
        client = ApiClient(server.url, token)
        for _ in range(25):
            member, manager = rng.sample(others, 2)
            if rng.random() < 0.25:
                response = client.call("DELETE", f"{base}/members/{member}/manager/")
            else:
                body = {"manager": manager}
                response = client.call("PUT", f"{base}/members/{member}/manager/", body)
            with lock:
                statuses.append((response.status, response.data))
        client.close()

    # The admin twice, and each registered member (who may only claim guests for themself).
    tokens = [seed.tokens[0], seed.tokens[0], *seed.tokens[1:]]
    threads = [
        threading.Thread(target=change_managers, args=(i, token)) for i, token in enumerate(tokens)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert {status for status, _ in statuses} <= {200, 204, 400, 403}, statuses
    assert any(status == 200 for status, _ in statuses)
    output = manage(server.env, "shell", "-c", MEMBERS_AUDIT.format(group_id=seed.group_id))
    assert management_problems(json.loads(output.strip().splitlines()[-1])) == []
    # Rule 5: the race changed how balances are shown, never the balances themselves.
    sheet = balance_sheet(server, seed)
    assert {row["member"]: row["balance"] for row in sheet["members"]} == before
    own = {row["member"]: Decimal(row["balance"]) for row in sheet["members"]}
    for party in sheet["aggregated"]:
        assert Decimal(party["balance"]) == own[party["member"]] + sum(
            own[m] for m in party["includes"]
        )
    assert sum(Decimal(row["balance"]) for row in sheet["aggregated"]) == 0
