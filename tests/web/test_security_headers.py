"""Every page sends a Content-Security-Policy, and our pages need no inline script or style."""

import re

import pytest
from django.urls import reverse

from tests.factories import add_expense
from tests.web.conftest import url

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+=", re.I)


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.fixture
def pages(group, ann, bob, kid):
    expense = add_expense(group, ann, [ann, bob, kid])
    return [
        url("group-list"),
        url("group-create"),
        url("group-detail", group),
        url("group-edit", group),
        url("group-delete", group),
        url("members", group),
        url("member-remove", group, kid),
        url("member-manager", group, kid) + f"?manager={ann.pk}",
        url("expense-list", group),
        url("expense-add", group),
        url("expense-detail", group, expense),
        url("expense-edit", group, expense),
        url("expense-delete", group, expense),
        url("payment-add", group),
        url("settle", group) + f"?from={bob.pk}&to={ann.pk}&amount=10.00",
        url("password"),
    ]


def test_our_pages_have_a_strict_policy_and_no_inline_code(as_ann, pages):
    for page in pages:
        response = as_ann.get(page)
        assert response.status_code == 200, page
        policy = directives(response)
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'", page
        assert policy["frame-ancestors"] == "'none'"
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), page
        assert not INLINE_STYLE.search(html), page
        assert not EVENT_HANDLER.search(html), page
        assert "//cdn" not in html and "https://" not in html, page  # everything from us


@pytest.mark.parametrize("page", ["login", "web:register"])
def test_the_public_pages_too(client, page):
    response = client.get(reverse(page))
    assert directives(response)["script-src"] == "'self'"
    assert not INLINE_SCRIPT.search(response.content.decode())


def test_the_admin_and_the_browsable_api_keep_scripts_to_self(admin_client):
    admin = admin_client.get("/admin/")
    assert directives(admin)["style-src"] == "'self'"
    api = admin_client.get("/api/groups/", HTTP_ACCEPT="text/html")
    assert directives(api)["script-src"] == "'self'"
    assert "'unsafe-inline'" in directives(api)["style-src"]  # DRF's own style attributes
    json = admin_client.get("/api/groups/")
    assert directives(json)["style-src"] == "'self'"


def test_the_api_docs_load_their_script_from_our_own_url(client):
    page = client.get("/api/docs/")
    assert directives(page)["script-src"] == "'self'"
    html = page.content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert client.get("/api/docs/?script").status_code == 200


def test_htmx_is_served_by_the_project(as_ann, group, ann):
    html = as_ann.get(url("group-detail", group)).content.decode()
    htmx = re.search(r'<script src="([^"]+htmx[^"]*\.js)"', html).group(1)
    assert htmx.startswith("/static/")
    assert '<link rel="icon" href="/static/web/favicon.svg"' in html
