"""The admin and the API docs still work under the Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_admin_and_the_api_docs_run_without_console_errors(visitor, django_user_model):
    django_user_model.objects.create_superuser("admin", password="password")
    page = visitor.page
    page.goto(visitor.base_url + "/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    for path in ("/admin/", "/admin/groups/group/", "/admin/auth/user/1/change/"):
        page.goto(visitor.base_url + path)
        page.wait_for_load_state("networkidle")
    page.goto(visitor.base_url + "/api/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible()  # its script ran
    page.goto(visitor.base_url + "/api/groups/")
    page.wait_for_load_state("networkidle")
    assert visitor.errors == []
