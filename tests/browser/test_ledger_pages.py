"""The ledger pages in Chromium: delete and restore from the trash, comment on an expense,
and statistics, activity and repeating expenses, each checked (axe, no sideways scrolling at
390 px, no console error; see pages.Visitor)."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from groups.models import Comment, Expense
from groups.selectors.balances import member_balances
from groups.services.expenses import Participant, Payer, expense_create
from tests.browser.conftest import SCREENSHOTS
from tests.browser.pages import Visitor
from tests.factories import (
    GroupFactory,
    GuestFactory,
    UserFactory,
    UserMemberFactory,
    add_repeating_expense,
    admin_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Chromium logs every page answered with a 4xx as a console error; a refusal answers 400.
REFUSED = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


def refused(visitor, button, name):
    """Press ``button``, expect the page to refuse (400), and check the page that says why."""
    visitor.submit(button)
    visitor.page.wait_for_load_state("networkidle")
    assert visitor.errors == [REFUSED]
    visitor.errors.clear()
    visitor.check(name)


def spend(group, payer, members, description, amount, category, day):
    expense_create(
        group=group,
        created_by=payer.user,
        description=description,
        amount=Decimal(amount),
        split="equal",
        participants=[Participant(m.pk) for m in members],
        payers=[Payer(payer.pk, Decimal(amount))],
        date=day,
        category=category,
    )


@pytest.fixture
def visitor(page, live_server):
    """The shared visitor, whose screenshots are named apart from the walk's."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return Visitor(page, live_server.url, SCREENSHOTS, prefix="ledger")


@pytest.fixture
def lisbon():
    group = GroupFactory(name="Lisbon", created_by=UserFactory(username="ann"))
    ann = admin_of(group)
    bob = UserMemberFactory(group=group, user=UserFactory(username="bob"))
    kid = GuestFactory(group=group, name="Kid with a rather long name for a phone")
    everyone = [ann, bob, kid]
    spend(
        group,
        ann,
        everyone,
        "Dinner at the harbour",
        "90.00",
        "restaurants",
        datetime.date(2026, 3, 2),
    )
    spend(group, bob, everyone, "Taxi", "30.00", "transport", datetime.date(2026, 3, 3))
    spend(group, ann, everyone, "Hotel", "1234567.89", "lodging", datetime.date(2026, 4, 1))
    add_repeating_expense(group, ann, [ann, bob], first=datetime.date(2026, 1, 31))
    return group


def test_restore_from_the_trash_and_comment(visitor, lisbon):
    page = visitor.page
    balances = member_balances(lisbon.pk)
    visitor.go("/accounts/login/", "login")
    visitor.fill({"Username": "ann", "Password": "correct-horse-battery"})
    visitor.submit("Log in")

    # Delete an expense (asked first), then bring it back from the trash.
    visitor.go(f"/groups/{lisbon.pk}/expenses/", "ledger-expenses")
    visitor.follow("Taxi", "ledger-taxi")
    visitor.follow("Delete…")
    visitor.submit("Delete the expense")
    assert Expense.objects.trashed().get().description == "Taxi"
    assert member_balances(lisbon.pk) != balances
    visitor.follow("Trash", "trash")
    expect(page.locator("#trash-title + p + ul > li")).to_have_count(1)
    visitor.submit("Restore Taxi", "trash-restored")
    expect(page.get_by_text("Restored Taxi.")).to_be_visible()
    expect(page.get_by_text("The trash is empty.")).to_be_visible()
    assert not Expense.objects.trashed().exists()
    assert member_balances(lisbon.pk) == balances

    # Comment on it: an empty comment is refused with the focus on why, then one is added.
    visitor.follow("Expenses")
    visitor.follow("Taxi")
    refused(visitor, "Add comment", "comment-refused")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("[data-error-summary]")).to_contain_text("a comment cannot be empty")
    page.get_by_label("Add a comment").fill("I kept the receipt.")
    visitor.submit("Add comment", "expense-with-comment")
    expect(page.locator("#comments")).to_contain_text("I kept the receipt.")
    assert Comment.objects.get().text == "I kept the receipt."
    # Its history: added, moved to the trash, restored, commented on.
    expect(page.locator("#history li")).to_have_count(4)
    expect(page.locator("#history")).to_contain_text("ann restored Taxi")
    expect(page.locator("#history")).to_contain_text("ann commented on Taxi")

    # The other ledger pages, each checked at 1280 and 390 px.
    visitor.follow("Lisbon")
    visitor.follow("Statistics", "statistics")
    expect(page.locator("svg#chart-category")).to_be_visible()
    expect(page.locator("svg#chart-member")).to_contain_text("Kid with a rather long")
    visitor.fill({"From": "2026-04-01", "Until": "2026-03-01"})
    refused(visitor, "Show", "statistics-refused")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    visitor.follow("All time")
    visitor.follow("Activity", "activity")
    expect(page.locator("ol.log > li").first).to_contain_text("ann commented on Taxi")
    expect(page.locator("ol.log > li").nth(1)).to_contain_text("ann restored Taxi")
    visitor.follow("Repeating", "recurring")
    visitor.follow("Stop… Rent", "confirm-stop-repeating")
    visitor.submit("Stop repeating", "recurring-stopped")
    expect(page.get_by_text("Rent will not repeat any more.")).to_be_visible()
