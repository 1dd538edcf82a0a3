"""hold(): maintenance for exactly as long as a block runs, renewed meanwhile, and over by
itself soon after the process holding it dies."""

import os
import signal
import subprocess
import time

from splitwise import maintenance
from splitwise.maintenance import lease
from tests import processes

HOLD_THEN_HANG = """
import time
from splitwise import maintenance
with maintenance.hold("restore_db test", lease=1.0):
    print("held", flush=True)
    time.sleep(60)
"""


def test_hold_is_on_for_the_block_only(flag):
    with maintenance.hold("safe_migrate groups 0001"):
        inside = flag.read()
        [holder] = flag.holders()
    after = flag.read()

    assert inside.active and not after.active
    assert holder.lease and holder.reason == "safe_migrate groups 0001"
    assert f"pid {os.getpid()}" in holder.id
    assert flag.holders() == []


def test_a_nested_hold_shares_the_outer_lease(flag):
    with maintenance.hold("safe_migrate") as outer:
        with maintenance.hold("restore_db") as inner:
            assert inner == outer
            assert len(flag.holders()) == 1
        assert flag.read().active  # the inner block's end does not end it
    assert not flag.read().active


def test_a_hold_is_renewed_beyond_its_lease(flag, monkeypatch):
    monkeypatch.setattr(lease, "RENEW_EVERY", 0.1)

    with maintenance.hold("a long migration", lease=0.4):
        time.sleep(1.0)
        still = flag.read()

    assert still.active


def test_a_dead_holder_stops_holding_when_its_lease_expires(flag, tmp_path):
    env = processes.environment(
        {"SQLITE_PATH": str(tmp_path / "db.sqlite3")}, without=["DATABASE_URL", "DJANGO_CACHE_URL"]
    )
    holder = processes.python(HOLD_THEN_HANG, env=env, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "held"
        os.kill(holder.pid, signal.SIGKILL)  # no chance to let go
        holder.wait()
        killed = time.monotonic()
        assert flag.read().active
        while flag.read().active and time.monotonic() - killed < 5:
            time.sleep(0.05)
        ended = time.monotonic() - killed
    finally:
        if holder.poll() is None:
            holder.kill()

    assert not flag.read().active
    assert ended <= 1.5
