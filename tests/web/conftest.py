"""Browsers logged in as someone, for the web pages' tests."""

import pytest
from django.test import Client


@pytest.fixture
def login():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def as_ann(login, user):
    return login(user)
