import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "/api/auth/register/"
TOKEN = "/api/auth/token/"


@pytest.fixture
def client():
    return APIClient()


def test_register_returns_a_working_token(client):
    response = client.post(
        REGISTER, {"username": "dora", "password": "a-long-unusual-passphrase"}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    user = User.objects.get(username="dora")
    assert body == {"token": Token.objects.get(user=user).key, "id": user.pk, "username": "dora"}
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get("/api/groups/").status_code == 200


@pytest.mark.parametrize(
    "password",
    ["a1b2", "password", "dorothea1", "98765432109876"],
    ids=["too short", "too common", "like the username", "all digits"],
)
def test_register_refuses_a_weak_password(client, password):
    response = client.post(REGISTER, {"username": "dorothea", "password": password}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(username="dorothea").exists()
    assert Token.objects.count() == 0


def test_register_refuses_a_taken_username(client):
    UserFactory(username="dora")

    response = client.post(
        REGISTER, {"username": "dora", "password": "a-long-unusual-passphrase"}, format="json"
    )

    assert response.status_code == 400
    assert "username" in response.json()
    assert User.objects.filter(username="dora").count() == 1


@pytest.mark.parametrize(
    "body, field",
    [
        ({"username": "two words", "password": "a-long-unusual-passphrase"}, "username"),
        ({"username": "x" * 151, "password": "a-long-unusual-passphrase"}, "username"),
        ({"password": "a-long-unusual-passphrase"}, "username"),
        ({"username": "dora"}, "password"),
        (["dora", "a-long-unusual-passphrase"], "non_field_errors"),
        ("dora", "non_field_errors"),
    ],
)
def test_register_refuses_bad_input(client, body, field):
    response = client.post(REGISTER, body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert User.objects.count() == 0


def test_token_for_username_and_password(client):
    user = UserFactory(username="dora")

    response = client.post(
        TOKEN, {"username": "dora", "password": "correct-horse-battery"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=user).key}


def test_token_refuses_a_wrong_password(client):
    UserFactory(username="dora")

    response = client.post(TOKEN, {"username": "dora", "password": "wrong"}, format="json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert Token.objects.count() == 0


def test_token_ignores_a_stale_token_header(client):
    UserFactory(username="dora")
    client.credentials(HTTP_AUTHORIZATION="Token no-such-token")

    response = client.post(
        TOKEN, {"username": "dora", "password": "correct-horse-battery"}, format="json"
    )

    assert response.status_code == 200


def test_auth_endpoints_are_throttled(client, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "2/min"})
    body = {"username": "nobody", "password": "wrong"}

    statuses = [client.post(TOKEN, body, format="json").status_code for _ in range(3)]
    statuses.append(client.post(REGISTER, body, format="json").status_code)

    assert statuses == [400, 400, 429, 429]


def test_the_api_needs_authentication(client):
    assert client.get("/api/groups/").status_code == 401


@pytest.mark.parametrize("key", ["no-such-token", "a\0b", "x" * 500])
def test_an_unknown_token_is_refused(client, key):
    UserFactory(username="dora")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = client.get("/api/groups/")

    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def test_the_token_of_a_deactivated_account_is_refused(client):
    user = UserFactory(username="dora")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.get("/api/groups/").status_code == 200

    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get("/api/groups/")

    assert response.status_code == 401
    assert response.json()["detail"] == "User inactive or deleted."
