"""Security: throttled password guessing, CSRF, password rules, private tokens, deploy checks."""

import json
import re
import secrets
import subprocess

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from groups.models import Group
from groups.services.managers import member_set_manager
from tests import processes
from tests.factories import add_expense

PROJECT = processes.ROOT
PASSWORD = "correct-horse-battery"

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "example.com",
}


def run_manage(*args, env=None):
    """``manage.py`` in a fresh interpreter, so settings are read from ``env`` at import."""
    return processes.manage(*args, env=processes.environment(env or {}, without_prefix="DJANGO_"))


@pytest.fixture
def auth_rate(monkeypatch):
    """Set the "auth" throttle rate for this test (counts start at zero: see conftest)."""

    def set_rate(rate):
        # Throttle classes read this dict (api_settings.DEFAULT_THROTTLE_RATES) on every request.
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "auth", rate)

    return set_rate


# --- deployment -----------------------------------------------------------------------------


def test_check_deploy_passes_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRODUCTION_SETTINGS = """
import json
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in (
    "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_CONTENT_TYPE_NOSNIFF", "X_FRAME_OPTIONS", "ALLOWED_HOSTS")}))
"""


def test_production_cookies_travel_over_https_only_and_hsts_is_a_year():
    result = run_manage("shell", "-c", PRODUCTION_SETTINGS, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    production = json.loads(result.stdout.strip().splitlines()[-1])

    assert production == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "ALLOWED_HOSTS": ["example.com"],
    }


SECRET_PATTERNS = [
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"(?i)\b(secret_key|api_key|access_key|auth_token)\b\s*[=:]\s*['\"][^'\"]{12,}"),
    re.compile(r"postgres(ql)?://[^:/@\s]+:[^@\s]+@"),  # a database URL with a password
]


def test_no_secret_is_committed():
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    found = []
    for name in filter(None, tracked):
        path = PROJECT / name
        assert not re.search(r"(^|/)\.env$|\.sqlite3$|\.pem$|\.key$", name), name
        if not path.is_file():
            continue
        text = path.read_text(errors="replace")
        for pattern in SECRET_PATTERNS:
            found += [
                f"{name}: {match.group(0)}"
                for match in pattern.finditer(text)
                # Django's own marker for a key that must never reach production.
                if "django-insecure" not in text[match.start() : match.start() + 80]
            ]
    assert found == []


def test_the_development_key_is_refused_by_the_deploy_check():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_DEBUG"] = "1"

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout  # the insecure development key


# --- password guessing ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_login_forms_answer_429_beyond_the_auth_rate(client, auth_rate, url):
    auth_rate("3/min")
    guesses = [
        client.post(url, {"username": "ann", "password": f"guess{n}"}).status_code for n in range(4)
    ]

    assert guesses == [200, 200, 200, 429]
    assert client.get(url).status_code == 200  # the form itself still shows


@pytest.mark.django_db
def test_the_login_forms_share_one_budget_per_client_address(client, auth_rate):
    auth_rate("2/min")
    client.post("/admin/login/", {"username": "ann", "password": "guess"})
    client.post("/accounts/login/", {"username": "ann", "password": "guess"})

    refused = client.post("/accounts/login/", {"username": "ann", "password": "guess"})
    forged = client.post(
        "/accounts/login/",
        {"username": "ann", "password": "guess"},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    other_address = client.post(
        "/accounts/login/", {"username": "ann", "password": "guess"}, REMOTE_ADDR="192.0.2.7"
    )

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert forged.status_code == 429  # X-Forwarded-For is not trusted without a proxy
    assert other_address.status_code == 200


def test_the_throttle_rates_are_read_from_the_environment():
    code = (
        "from django.conf import settings; print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'])"
    )
    env = {"DJANGO_THROTTLE_AUTH": "7/hour", "DJANGO_THROTTLE_ACCOUNT": "5/hour"}

    result = run_manage("shell", "-c", code, env=env)

    rates = "{'auth': '7/hour', 'login_account': '5/hour'}"
    assert result.stdout.strip().splitlines()[-1] == rates


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/auth/register/", "/api/auth/token/"])
def test_register_and_token_answer_429_beyond_the_auth_rate(auth_rate, url):
    auth_rate("3/min")
    client = APIClient()
    statuses = [
        client.post(url, {"username": f"u{n}", "password": "x"}, format="json").status_code
        for n in range(4)
    ]

    assert statuses == [400, 400, 400, 429]


# --- accounts, sessions and tokens ------------------------------------------------------------


@pytest.mark.django_db
def test_register_applies_the_password_validators(auth_rate):
    response = APIClient().post(
        "/api/auth/register/", {"username": "dora", "password": "password"}, format="json"
    )

    assert response.status_code == 400
    assert any("too common" in reason for reason in response.json()["password"])
    assert not User.objects.filter(username="dora").exists()


@pytest.mark.django_db
def test_session_writes_need_the_csrf_token(user):
    client = APIClient(enforce_csrf_checks=True)
    client.login(username="ann", password=PASSWORD)

    refused = client.post("/api/groups/", {"name": "Flat"}, format="json")
    token = client.get("/accounts/login/").cookies["csrftoken"].value
    accepted = client.post("/api/groups/", {"name": "Flat"}, format="json", HTTP_X_CSRFTOKEN=token)

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert accepted.status_code == 201
    assert list(Group.objects.values_list("name", flat=True)) == ["Flat"]


@pytest.mark.django_db
def test_token_writes_need_no_csrf_token(user):
    client = APIClient(enforce_csrf_checks=True)
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert client.post("/api/groups/", {"name": "Flat"}, format="json").status_code == 201


@pytest.mark.django_db
def test_no_endpoint_shows_a_user_another_users_token(group, ann, bob, kid, api_as):
    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)
    add_expense(group, ann, [ann, bob, kid])
    secret = Token.objects.get_or_create(user=ann.user)[0].key
    client = api_as(bob.user)
    own = Token.objects.get(user=bob.user).key
    base = f"/api/groups/{group.pk}"
    paths = [
        "/api/",
        "/api/groups/",
        f"{base}/",
        f"{base}/members/",
        f"{base}/members/{ann.pk}/",
        f"{base}/expenses/",
        f"{base}/payments/",
        f"{base}/balances/",
        "/api/schema/",
    ]

    bodies = {path: client.get(path, HTTP_ACCEPT="application/json") for path in paths}
    stolen = client.post("/api/auth/token/", {"username": "ann", "password": "x"}, format="json")

    assert {path: r.status_code for path, r in bodies.items()} == dict.fromkeys(paths, 200)
    assert [path for path, r in bodies.items() if secret in r.content.decode()] == []
    assert [path for path, r in bodies.items() if own in r.content.decode()] == []
    assert stolen.status_code == 400
    assert secret not in stolen.content.decode()
