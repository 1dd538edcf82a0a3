"""Browsers logged in as someone, and helpers to read the web pages, for their tests."""

import html

import pytest
from django.test import Client
from django.urls import reverse


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


def url(name, *args):
    return reverse(f"web:{name}", args=[getattr(a, "pk", a) for a in args])


def households(response):
    """The aggregated rows as {name: (balance, [included names])}."""
    return {
        h.member.name: (h.balance, [m.name for m in h.includes])
        for h in response.context["households"]
    }


def text(response) -> str:
    """The page's HTML with entities decoded (Kid&#x27;s reads Kid's)."""
    return html.unescape(response.content.decode())
