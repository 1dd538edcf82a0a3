"""Signing up, logging in and out, and changing one's password."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.web.conftest import text, url

pytestmark = pytest.mark.django_db


def test_signing_up_creates_the_account_and_logs_in(client):
    response = client.post(
        url("register"),
        {"username": "zoe", "password": "a-long-pass-77", "password_confirm": "a-long-pass-77"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("group-list")
    user = User.objects.get(username="zoe")
    assert user.check_password("a-long-pass-77")
    assert user.auth_token.key  # the same service as the API's: the token exists too
    assert "Welcome, zoe" in text(client.get(url("group-list")))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"username": "ann", "password": "a-long-pass-77"}, "username", "already exists"),
        ({"username": "zoe", "password": "12345678"}, "password", "too common"),
        ({"username": "zoe", "password": "short"}, "password", "too short"),
        (
            {"username": "zoe", "password": "a-long-pass-77", "confirm": "other"},
            "password_confirm",
            "differ",
        ),
    ],
)
def test_a_refused_sign_up_says_why_beside_the_field_and_keeps_the_username(
    client, user, data, field, message
):
    body = {**data, "password_confirm": data.pop("confirm", data["password"])}
    response = client.post(url("register"), body)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = text(response)
    assert "data-error-summary" in html and f'href="#id_{field}"' in html
    assert f'value="{data["username"]}"' in html  # what was typed stays
    assert User.objects.filter(username="zoe").count() == 0


def test_the_login_page_logs_in_and_logging_out_is_a_post(client, user):
    response = client.get(reverse("login"))
    assert response.status_code == 200 and b'name="password"' in response.content

    response = client.post(
        reverse("login"), {"username": "ann", "password": "correct-horse-battery"}
    )
    assert response["Location"] == url("group-list")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(url("group-list")).status_code == 302


def test_a_wrong_password_shows_the_reason_at_the_top(client, user):
    response = client.post(reverse("login"), {"username": "ann", "password": "wrong"})
    assert "correct username and password" in text(response)
    assert "data-error-summary" in text(response)


def test_changing_the_password(as_ann, user):
    response = as_ann.post(
        url("password"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "another-long-pass-9",
            "new_password2": "another-long-pass-9",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-pass-9")
    assert as_ann.get(url("group-list")).status_code == 200  # still logged in


def test_changing_the_password_needs_the_old_one(as_ann, user):
    response = as_ann.post(
        url("password"),
        {
            "old_password": "nope",
            "new_password1": "x-long-pass-99",
            "new_password2": "x-long-pass-99",
        },
    )
    assert "old_password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")
