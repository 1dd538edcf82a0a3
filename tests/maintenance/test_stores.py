"""Each place the flag can live — memory, a file, Redis, a PostgreSQL table — holds holders,
lets leases expire, counts changes, and stays consistent under concurrent changes."""

import threading
import time

import pytest
from django.db import connection

from splitwise.maintenance.postgres import PostgresStore
from splitwise.maintenance.stores import CacheStore, FileStore, MemoryStore


@pytest.fixture(params=["memory", "file", "redis", "postgres"])
def store(request, tmp_path):
    if request.param == "memory":
        yield MemoryStore()
        return
    if request.param == "file":
        yield FileStore(tmp_path / "db.sqlite3.maintenance")
        return
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
        yield CacheStore("default")
        return
    request.getfixturevalue("db")
    if connection.vendor != "postgresql":
        pytest.skip("the table lives in PostgreSQL: the suite's PostgreSQL run covers it")
    store = PostgresStore("default")
    yield store
    for holder in store.holders():  # its writes are committed: leave the table empty
        store.remove(holder.id)


def test_a_holder_turns_it_on_until_removed(store):
    assert not store.read().active

    store.put("operator", "upgrade", seconds=None, lease=False)
    on = store.read()
    store.remove("operator")
    off = store.read()

    assert on.active and not off.active
    assert off.generation > on.generation
    assert store.holders() == []


def test_a_lease_expires_unless_renewed(store):
    store.put("command", "safe_migrate", seconds=0.5, lease=True)
    first = store.read()
    time.sleep(0.3)
    store.put("command", "safe_migrate", seconds=0.5, lease=True)  # renewed
    time.sleep(0.3)
    renewed = store.read()
    time.sleep(0.4)
    expired = store.read()

    assert first.active and renewed.active and not expired.active
    assert first.generation == renewed.generation == expired.generation  # renewals are no change
    [holder] = store.holders()
    assert holder.lease and holder.reason == "safe_migrate"


def test_it_stays_on_while_any_holder_remains(store):
    store.put("operator", "window", seconds=None, lease=False)
    store.put("command", "restore_db", seconds=30, lease=True)

    store.remove("command")

    assert store.read().active
    assert [holder.id for holder in store.holders()] == ["operator"]
    store.remove("operator")


def test_concurrent_changes_lose_none(store):
    start = store.read().generation or 0
    rounds, workers = 5, 6

    def churn(number: int) -> None:
        for _ in range(rounds):
            store.put(f"worker {number}", "test", seconds=30, lease=True)
            store.remove(f"worker {number}")

    threads = [threading.Thread(target=churn, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert store.holders() == []
    assert store.read().generation - start == rounds * workers * 2
