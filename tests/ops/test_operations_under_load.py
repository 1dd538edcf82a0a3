"""The operations guide run against a serving application: rollback, forward, backup and
restore while clients write and read over real HTTP (gunicorn, 2 workers of 2 threads).

On SQLite (a file) and on PostgreSQL: no answer 5xx but 503, every 503 with Retry-After,
every 201 stored — except what the restore takes back, which is written after the backup —
and nothing stored that was answered with an error.
"""

import os
import threading
import time
from collections import Counter

import pytest

from bench.loadgen.audit import audit_database
from bench.loadgen.servers import scratch_database, server_environment
from bench.loadgen.workload import ops_until, run_clients, seed_group
from bench.serving import gunicorn, manage

pytestmark = pytest.mark.slow

CLIENTS = 6
# The members list reads managed_by_*: the columns the rollback takes away.
MIX = {"expense": 45, "payment": 10, "balances": 20, "members": 25}
SETTLE = 1.0  # seconds of load between two operations
BACKOFF = 0.05  # a client pauses this long after a 503 (real ones wait Retry-After)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
POSTGRES_URL = DATABASE_URL if DATABASE_URL.startswith(("postgres://", "postgresql://")) else None
DATABASES = [
    pytest.param(
        None,
        id="sqlite-file",
        marks=pytest.mark.skipif(
            POSTGRES_URL is not None, reason="the suite's SQLite run covers the file"
        ),
    ),
    pytest.param(
        POSTGRES_URL,
        id="postgresql",
        marks=pytest.mark.skipif(POSTGRES_URL is None, reason="DATABASE_URL names no PostgreSQL"),
    ),
]


@pytest.fixture(params=DATABASES)
def server(request, tmp_path):
    with scratch_database(request.param, tmp_path) as database:
        env = {**server_environment(database), "DJANGO_BACKUP_DIR": str(tmp_path / "backups")}
        manage(env, "migrate", "--noinput")
        with gunicorn(env, tmp_path / "gunicorn.log", workers=2, threads=2) as running:
            yield running


def test_rollback_forward_backup_and_restore_under_load(server, tmp_path):
    seed = seed_group(server.url, users=CLIENTS)
    stop, outcomes, times = threading.Event(), [], {}
    load = threading.Thread(
        target=lambda: outcomes.extend(
            run_clients(
                server.url,
                seed,
                lambda i, rng: ops_until(stop, rng, MIX),
                seed_value=3,
                label="w",
                backoff=BACKOFF,
            )
        )
    )

    def step(name: str, *command: str) -> None:
        time.sleep(SETTLE)
        started = time.monotonic()
        manage(server.env, *command)  # raises, with the command's output, if it fails
        times[name] = (started, time.monotonic())

    backup = tmp_path / "during-load.backup"
    if "DATABASE_URL" in server.env:
        backup = backup.with_suffix(".dump")
    load.start()
    try:
        step("rollback", "safe_migrate", "groups", "0001", "--noinput")
        step("forward", "safe_migrate", "--noinput")
        step("backup", "backup_db", "--output", str(backup))
        step("restore", "restore_db", str(backup), "--noinput")
        time.sleep(SETTLE)
    finally:
        stop.set()
        load.join()

    statuses = Counter(outcome.status for outcome in outcomes)
    print(f"\nanswers by status: {dict(sorted(statuses.items()))}")
    assert not [o for o in outcomes if o.status >= 500 and o.status != 503], statuses
    assert 0 not in statuses  # every request got an answer
    unavailable = [o for o in outcomes if o.status == 503]
    assert unavailable, "no request met the operations"  # they did run under the load
    assert all(o.retry_after and int(o.retry_after) > 0 for o in unavailable)
    assert statuses[201] and statuses[200]

    stored = audit_database(server.env, seed.group_id)
    descriptions = stored["descriptions"]
    writes = [o for o in outcomes if o.description is not None]
    backup_started, restore_ended = times["backup"][0], times["restore"][1]
    for write in writes:
        if write.status == 201:
            taken_back = write.ended >= backup_started and write.started <= restore_ended
            if not taken_back:
                assert descriptions.get(write.description) == write.created, write
            elif write.description in descriptions:
                assert descriptions[write.description] == write.created, write
        else:
            assert write.description not in descriptions, write  # refused, and not stored
    answered = {o.description for o in writes if o.status == 201}
    assert set(descriptions) <= answered  # nothing stored that nobody was told of
    assert stored["unbalanced"] == []
    assert stored["balance_sum"] in ("0", "0.00")
    log = server.log_text()
    assert "Traceback" not in log, log
