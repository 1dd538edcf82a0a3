import os
import uuid

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import GroupFactory, GuestFactory, UserFactory, UserMemberFactory, admin_of


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing with PBKDF2 costs ~0.2 s a user; tests need no resistance to brute force."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def clear(a_cache) -> None:
    """Empty a cache; in Redis only this suite's keys (a whole database may be shared)."""
    client = getattr(a_cache, "_cache", None)
    if client is not None and hasattr(client, "get_client"):
        redis = client.get_client(write=True)
        for key in redis.scan_iter(a_cache.make_key("*")):
            redis.delete(key)
    else:
        a_cache.clear()


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Throttle counts live in the cache, which outlives a test: every test starts at zero."""
    clear(cache)
    yield
    clear(cache)


@pytest.fixture(scope="session")
def redis_url():
    """A Redis server for the shared-cache tests (.ci/run starts one; REQUIRE_REDIS=1 there
    makes its absence a failure rather than a skip)."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"No Redis server answers at {url}: {error}")
        pytest.skip(f"No Redis server answers at {url} (.ci/run starts one).")
    return url


@pytest.fixture
def redis_prefix(redis_url):
    """A key prefix of this test's own, so that runs sharing the server never collide; its
    keys are deleted afterwards."""
    import redis

    prefix = f"splitwise-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def redis_cache(settings, redis_url, redis_prefix):
    """The default cache is a Redis server for this test (throttles and maintenance flag)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": redis_prefix,
        }
    }
    settings.MAINTENANCE_STORE = "cache"
    return redis_url


@pytest.fixture
def user(db):
    return UserFactory(username="ann")


@pytest.fixture
def group(user):
    return GroupFactory(name="Trip", created_by=user)


@pytest.fixture
def ann(group):
    """The group's creator and admin."""
    return admin_of(group)


@pytest.fixture
def bob(group):
    """A registered member without admin rights."""
    return UserMemberFactory(group=group, user=UserFactory(username="bob"))


@pytest.fixture
def kid(group):
    """A guest."""
    return GuestFactory(group=group, name="Kid")


@pytest.fixture
def api_as():
    """A factory of API clients authenticated by token as a given user."""

    def make(user):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def api(user, api_as):
    """An API client authenticated with the group creator's token."""
    return api_as(user)
