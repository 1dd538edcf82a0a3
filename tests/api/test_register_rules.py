"""Registering: usernames that look like another's are refused, and so are weak passwords."""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "/api/auth/register/"
STRONG = "a-long-unusual-passphrase"


def register(username, password=STRONG):
    return APIClient().post(REGISTER, {"username": username, "password": password}, format="json")


@pytest.mark.parametrize(
    "username",
    ["ALICE", "Alice", "ａｌｉｃｅ", "аlice"],
    ids=["upper case", "capitalised", "full-width", "cyrillic a"],
)
def test_a_username_that_looks_like_a_taken_one_is_refused(username):
    UserFactory(username="alice")

    response = register(username)

    assert response.status_code == 400
    assert "username" in response.json()
    assert User.objects.count() == 1


@pytest.mark.parametrize("username", ["ÉLISE", "élise"])
def test_case_is_ignored_beyond_ascii_letters_too(username):
    UserFactory(username="Élise")

    assert register(username).status_code == 400
    assert User.objects.count() == 1


@pytest.mark.parametrize("username", ["bob\u200b", "\u202ebob", "b\u00adob"])
def test_a_username_with_a_hidden_character_is_refused(username):
    response = register(username)

    assert response.status_code == 400
    assert "username" in response.json()
    assert not User.objects.exists()


def test_a_username_is_stored_normalized():
    assert register("ｄｏｒａ").status_code == 201

    assert User.objects.get().username == "dora"


@pytest.mark.parametrize(
    "password",
    [" " * 8, " " * 20, "\t \t \t \t ", "dorothea-is-great", "my-DOROTHEA-secret-9"],
    ids=["eight spaces", "twenty spaces", "tabs", "contains the username", "any case"],
)
def test_a_weak_password_is_refused(password):
    response = register("dorothea", password)

    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.exists()


def test_a_passphrase_with_spaces_is_fine():
    assert register("dora", "correct horse battery staple").status_code == 201
