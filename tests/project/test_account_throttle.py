"""One account cannot be guessed from many addresses: failed logins count per account too."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
TOKEN = "/api/auth/token/"


@pytest.fixture
def rates(monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "auth", "1000/min")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "login_account", "3/hour")


def from_address(number: int) -> dict:
    return {"REMOTE_ADDR": f"198.51.100.{number}"}


def test_the_token_endpoint_refuses_an_account_guessed_from_many_addresses(rates):
    UserFactory(username="dora")
    client = APIClient()
    guesses = [
        client.post(
            TOKEN, {"username": name, "password": f"guess{n}"}, format="json", **from_address(n)
        )
        for n, name in enumerate(["dora", "DORA", " Dora ", "dora"])
    ]
    right = client.post(
        TOKEN, {"username": "dora", "password": PASSWORD}, format="json", **from_address(9)
    )
    other = client.post(
        TOKEN, {"username": "erin", "password": "guess"}, format="json", **from_address(1)
    )

    assert [g.status_code for g in guesses] == [400, 400, 400, 429]
    assert int(guesses[-1]["Retry-After"]) > 0
    assert right.status_code == 429  # the budget is spent, whoever asks
    assert other.status_code == 400  # another account is not affected


def test_successful_logins_do_not_spend_the_budget(rates):
    UserFactory(username="dora")
    client = APIClient()
    body = {"username": "dora", "password": PASSWORD}

    statuses = [client.post(TOKEN, body, format="json").status_code for _ in range(5)]

    assert statuses == [200] * 5


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_the_login_forms_count_failures_per_account(client, rates, url):
    UserFactory(username="dora", is_staff=True)
    statuses = [
        client.post(
            url, {"username": "Dora", "password": f"guess{n}"}, **from_address(n)
        ).status_code
        for n in range(4)
    ]
    refused = client.post(url, {"username": "dora", "password": PASSWORD}, **from_address(8))

    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert client.get(url).status_code == 200


def test_the_login_forms_and_the_token_endpoint_share_the_account_budget(client, rates):
    UserFactory(username="dora")
    client.post("/accounts/login/", {"username": "dora", "password": "guess"})
    client.post("/admin/login/", {"username": "dora", "password": "guess"})
    APIClient().post(TOKEN, {"username": "dora", "password": "guess"}, format="json")

    response = APIClient().post(TOKEN, {"username": "dora", "password": PASSWORD}, format="json")

    assert response.status_code == 429
