"""The pages work without JavaScript: forms post, the preview is a button, confirmations ask."""

import pytest
from playwright.sync_api import expect

from groups.models import Expense
from groups.selectors.balances import group_balance_sheet
from tests.browser.conftest import SCREENSHOTS
from tests.browser.pages import Visitor
from tests.factories import GroupFactory, GuestFactory, UserFactory, admin_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def no_js_visitor(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield Visitor(page, live_server.url, SCREENSHOTS, prefix="nojs", scripts=False)
    context.close()


def test_adding_an_expense_and_settling_without_javascript(no_js_visitor):
    user = UserFactory(username="ann")
    group = GroupFactory(name="Flat", created_by=user)
    ann = admin_of(group)
    GuestFactory(group=group, name="Kid")
    visitor = no_js_visitor
    page = visitor.page

    visitor.go("/accounts/login/", "login")
    visitor.fill({"Username": "ann", "Password": "correct-horse-battery"})
    visitor.submit("Log in")
    visitor.go(f"/groups/{group.pk}/expenses/new/", "expense-form")
    visitor.fill({"Description": "Rent", "Amount": "100.00"})
    page.get_by_label("By shares", exact=True).check()
    page.get_by_label("ann's part", exact=True).fill("3")
    visitor.submit("Preview the split", "expense-preview")
    expect(page.locator("#split-preview")).to_contain_text("€75.00")
    assert not Expense.objects.exists()
    expect(page.get_by_label("Description")).to_have_value("Rent")
    visitor.submit("Add expense")
    assert Expense.objects.get().split == "shares"

    visitor.follow("Record as paid", "confirm-record-as-paid")
    visitor.submit("Record as paid", "group-settled")
    expect(page.get_by_text("Everyone is settled up.")).to_be_visible()
    assert group_balance_sheet(group).settle_up == [] and ann.pk
