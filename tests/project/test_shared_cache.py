"""Several server processes share one throttle count and one maintenance flag: through a file
cache on one machine (DJANGO_CACHE_DIR), through Redis across machines (DJANGO_CACHE_URL)."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests import processes

TWO_ATTEMPTS = """
from django.test import Client
client = Client()
print([client.post("/api/auth/register/", {}).status_code for _ in range(2)])
"""
GET = """
from django.test import Client
print(Client().get("/api/groups/").status_code)
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A migrated SQLite file for the server processes (their answers read the schema)."""
    db = tmp_path_factory.mktemp("shared-cache") / "db.sqlite3"
    result = processes.manage("migrate", env=environment({"SQLITE_PATH": str(db)}))
    assert result.returncode == 0, result.stderr
    return db


def environment(overrides: dict) -> dict:
    return processes.environment(overrides, without=["DATABASE_URL"], without_prefix="DJANGO_")


@pytest.fixture(params=["file-cache", "redis"])
def shared(request, migrated, tmp_path):
    """The environment of a server process sharing its cache with every other."""
    if request.param == "file-cache":
        cache = {"DJANGO_CACHE_DIR": str(tmp_path / "cache")}
    else:
        cache = {
            "DJANGO_CACHE_URL": request.getfixturevalue("redis_url"),
            "DJANGO_CACHE_KEY_PREFIX": request.getfixturevalue("redis_prefix"),
        }
    return environment({"SQLITE_PATH": str(migrated), "DJANGO_THROTTLE_AUTH": "3/min", **cache})


def run(code: str, env: dict) -> str:
    result = processes.manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_server_processes_share_one_throttle_count(shared):
    # Two processes, as two gunicorn workers would be: the second's attempts add to the first's.
    assert run(TWO_ATTEMPTS, shared) == "[400, 400]"
    assert run(TWO_ATTEMPTS, shared) == "[400, 429]"


def test_with_redis_the_maintenance_flag_lives_in_the_shared_cache(
    redis_url, redis_prefix, migrated
):
    import redis

    env = environment(
        {
            "SQLITE_PATH": str(migrated),
            "DJANGO_CACHE_URL": redis_url,
            "DJANGO_CACHE_KEY_PREFIX": redis_prefix,
        }
    )
    on = processes.manage("maintenance", "on", env=env)
    during = run(GET, env)
    keys = [key.decode() for key in redis.Redis.from_url(redis_url).keys(f"{redis_prefix}:*")]
    off = processes.manage("maintenance", "off", env=env)

    assert on.returncode == 0, on.stderr
    assert f"{redis_prefix}:1:maintenance" in on.stdout
    assert during == "503"
    assert f"{redis_prefix}:1:maintenance" in keys
    assert not migrated.with_name("db.sqlite3.maintenance").exists()  # not in a file
    assert off.returncode == 0, off.stderr
    assert run(GET, env) == "401"


@pytest.mark.django_db
def test_in_process_throttles_count_in_redis(redis_cache, redis_url, redis_prefix, monkeypatch):
    import redis

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "auth", "2/min")
    client = APIClient()

    statuses = [
        client.post(
            "/api/auth/token/", {"username": "x", "password": "y"}, format="json"
        ).status_code
        for _ in range(3)
    ]

    assert statuses == [400, 400, 429]
    assert redis.Redis.from_url(redis_url).keys(f"{redis_prefix}:1:throttle_auth_*")
