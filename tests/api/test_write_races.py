"""An edit racing a delete, for real: two threads against gunicorn on a database file or
PostgreSQL (see test_concurrency.py for why not the in-memory test database).

A DELETE that answered 204 must leave nothing behind, whatever a concurrent edit answered:
no expense brought back without its shares or with new ones, no group brought back
without its members.
"""

import os
import threading

import pytest

from bench.loadgen.client import ApiClient
from bench.loadgen.servers import scratch_database, server_environment
from bench.loadgen.workload import expect, seed_group
from bench.serving import gunicorn, manage

pytestmark = pytest.mark.slow

ROUNDS = 25

DATABASE_URL = os.environ.get("DATABASE_URL", "")
POSTGRES_URL = DATABASE_URL if DATABASE_URL.startswith(("postgres://", "postgresql://")) else None
DATABASES = [
    pytest.param(
        None,
        id="sqlite-file",
        marks=pytest.mark.skipif(POSTGRES_URL is not None, reason="the SQLite run covers it"),
    ),
    pytest.param(
        POSTGRES_URL,
        id="postgresql",
        marks=pytest.mark.skipif(POSTGRES_URL is None, reason="no PostgreSQL in DATABASE_URL"),
    ),
]

ORPHANS = """
from groups.models import Expense, Group
print(Expense.objects.filter(shares__isnull=True).count(),
      Group.objects.filter(members__isnull=True).count())
"""


@pytest.fixture(scope="module", params=DATABASES)
def server(request, tmp_path_factory):
    directory = tmp_path_factory.mktemp("races")
    with scratch_database(request.param, directory) as database:
        env = server_environment(database)
        manage(env, "migrate", "--noinput")
        with gunicorn(env, directory / "gunicorn.log", workers=2, threads=4) as running:
            yield running
            assert "Traceback" not in running.log_text()


def race(*calls):
    """Start ``calls`` together (each on its own connection); their answers, in order."""
    start = threading.Barrier(len(calls))
    answers = [None] * len(calls)

    def run(index, call):
        start.wait()
        answers[index] = call()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def orphans(server) -> list[int]:
    output = manage(server.env, "shell", "-c", ORPHANS)
    return [int(n) for n in output.strip().splitlines()[-1].split()]


def test_an_edit_racing_a_delete_never_brings_the_expense_back(server):
    seed = seed_group(server.url, users=2, guests=1)
    base = f"/api/groups/{seed.group_id}/expenses/"
    ann, bob = (ApiClient(server.url, token) for token in seed.tokens[:2])
    payer = seed.member_ids[0]
    edits = [
        {"description": "Renamed"},
        {
            "amount": "12.00",
            "paid_by": payer,
            "split": "equal",
            "participants": [{"member": m} for m in seed.member_ids],
        },
    ]
    outcomes = []
    for round_ in range(ROUNDS):
        body = {
            "description": f"Round {round_}",
            "amount": "9.00",
            "paid_by": payer,
            "split": "equal",
            "participants": [{"member": m} for m in seed.member_ids],
        }
        url = f"{base}{expect(ann.call('POST', base, body), 201, 'expense')['id']}/"
        deleted, edited = race(
            lambda url=url: ann.call("DELETE", url),
            lambda url=url, edit=edits[round_ % 2]: bob.call("PATCH", url, edit),
        )
        after = ann.call("GET", url)
        outcomes.append((deleted.status, edited.status, after.status))

    assert {d for d, _, _ in outcomes} <= {204, 404}, outcomes
    assert {e for _, e, _ in outcomes} <= {200, 404}, outcomes
    # The delete always wins in the end: whichever ran first, the expense is gone.
    assert [o for o in outcomes if o[2] != 404] == [], outcomes
    assert orphans(server) == [0, 0]
    assert "no drift" in manage(server.env, "reconcile_balances")


def test_a_rename_racing_a_delete_leaves_no_orphan_group(server):
    outcomes = []
    for _ in range(ROUNDS):
        seed = seed_group(server.url, users=1, guests=0)
        url = f"/api/groups/{seed.group_id}/"
        one, two = ApiClient(server.url, seed.tokens[0]), ApiClient(server.url, seed.tokens[0])
        deleted, renamed = race(
            lambda url=url, one=one: one.call("DELETE", url),
            lambda url=url, two=two: two.call("PATCH", url, {"name": "Renamed"}),
        )
        outcomes.append((deleted.status, renamed.status, one.call("GET", url).status))

    assert {d for d, _, _ in outcomes} <= {204, 404}, outcomes
    assert {r for _, r, _ in outcomes} <= {200, 404}, outcomes
    assert [o for o in outcomes if o[2] != 404] == [], outcomes
    assert orphans(server) == [0, 0]
