import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import GroupFactory, GuestFactory, UserFactory, UserMemberFactory, admin_of


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing with PBKDF2 costs ~0.2 s a user; tests need no resistance to brute force."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Throttle counts live in the cache, which outlives a test: every test starts at zero."""
    cache.clear()
    yield
    cache.clear()


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
