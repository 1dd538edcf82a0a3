"""End to end in Chromium: sign up, a group, members, every split, households, settling up.

Every page reached is checked (axe, no sideways scrolling at 390 px, no console error) and
photographed at 1280 and 390 px: see pages.Visitor.
"""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from groups.models import Expense, Group
from groups.selectors.balances import member_balances
from groups.services.rates import rate_set
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "walk-in-lisbon-2026"


def add_expense(visitor, name, description, amount, *, split="Equally", parts=(), payers=()):
    page = visitor.page
    visitor.follow("Add an expense")
    visitor.fill({"Description": description, "Amount": amount})
    page.get_by_label(split, exact=True).check()
    for person, value in parts:
        page.get_by_label(f"{person}'s part", exact=True).fill(value)
    if payers:
        page.get_by_text("Several people paid").click()
        for person, value in payers:
            page.get_by_label(f"{person} paid", exact=True).fill(value)
        expect(page.get_by_label("Paid by")).to_have_value("several")
    # The live preview (htmx) shows each person's part before anything is saved.
    expect(page.locator("#split-preview table")).to_be_visible()
    visitor.check(name)
    visitor.submit("Add expense")


def balance_of(page, name):
    name_tag = page.locator(".name").get_by_text(name, exact=True)
    row = page.locator("#balances-title + ul > li").filter(has=name_tag)
    return row.locator(".end").inner_text()


def test_the_whole_walk(visitor, django_user_model):
    UserFactory(username="bob")
    page = visitor.page

    # Sign up, and the empty list of groups.
    visitor.go("/accounts/register/", "sign-up")
    visitor.fill({"Username": "ann", "Password": PASSWORD, "Password again": PASSWORD})
    visitor.submit("Sign up", "my-groups-empty")
    expect(page.get_by_role("heading", name="No groups yet")).to_be_visible()

    # A group: refused first (a bad currency), then created.
    visitor.follow("Create your first group", "new-group")
    visitor.fill({"Name": "Lisbon", "Currency": "EU"})
    visitor.submit("Create the group", "new-group-refused")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.get_by_label("Name")).to_have_value("Lisbon")  # what was typed stays
    visitor.fill({"Currency": "eur"})
    visitor.submit("Create the group", "members-new-group")

    # A guest and a registered member.
    visitor.fill({"Name": "Kid"})
    visitor.submit("Add member")
    visitor.fill({"Username": "bob"})
    visitor.submit("Add member", "members")
    expect(page.get_by_text("Added bob.")).to_be_visible()

    # An expense with each split, a refused one, and one paid by two people.
    visitor.follow("Overview", "group-no-expenses")
    add_expense(visitor, "expense-equal", "Dinner", "90.00")
    add_expense(
        visitor,
        "expense-exact",
        "Taxi",
        "30.00",
        split="By exact amounts",
        parts=[("ann", "10"), ("Kid", "5"), ("bob", "15")],
    )
    visitor.follow("Add an expense")
    visitor.fill({"Description": "Museum", "Amount": "40.00"})
    page.get_by_label("By percentages", exact=True).check()
    for person, value in [("ann", "50"), ("Kid", "25"), ("bob", "20")]:
        page.get_by_label(f"{person}'s part", exact=True).fill(value)
    expect(page.locator("#split-preview")).to_contain_text("add up to 95, not 100")
    visitor.submit("Add expense", "expense-refused")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("[data-error-summary]")).to_contain_text("add up to 95, not 100")
    expect(page.get_by_label("Description")).to_have_value("Museum")
    page.get_by_label("bob's part", exact=True).fill("25")
    visitor.submit("Add expense")
    add_expense(
        visitor,
        "expense-shares",
        "Hotel",
        "300.00",
        split="By shares",
        parts=[("ann", "2"), ("Kid", "1"), ("bob", "1")],
    )
    add_expense(
        visitor,
        "expense-two-payers",
        "Boat",
        "60.00",
        payers=[("ann", "45.00"), ("bob", "15.00")],
    )

    # An expense in dollars, with a category: choosing the currency fills in the group's rate,
    # and the preview shows each part in euros.
    rate_set(group=Group.objects.get(), currency="USD", rate="0.8", date=datetime.date(2020, 1, 1))
    visitor.follow("Add an expense")
    visitor.fill({"Description": "Tram", "Amount": "10.00"})
    page.get_by_label("Currency", exact=True).select_option("USD")
    expect(page.get_by_label("Exchange rate", exact=True)).to_have_value("0.8")
    page.get_by_label("Category", exact=True).select_option(label="Transport")
    expect(page.locator("#split-preview")).to_contain_text("makes €8.00")
    visitor.check("expense-foreign-currency")
    visitor.submit("Add expense")
    tram = Expense.objects.get(description="Tram")
    assert (tram.currency, tram.exchange_rate, tram.group_amount, tram.category) == (
        "USD",
        Decimal("0.8"),
        Decimal("8.00"),
        "transport",
    )
    assert Expense.objects.count() == 6
    assert sum(member_balances(Expense.objects.first().group_id).values()) == 0
    visitor.check("group-with-expenses")

    # ann manages Kid: asked first, then one household.
    kid_select = page.get_by_label("Manager of Kid")
    expect(kid_select).to_have_value("")  # nothing preselected
    kid_select.select_option(label="ann")
    with page.expect_navigation():
        page.locator("form", has=kid_select).get_by_role("button", name="Set manager…").click()
    visitor.check("confirm-manager")
    expect(page.get_by_text("Make ann the manager of Kid?")).to_be_visible()
    visitor.submit("Make ann the manager", "group-household")
    households = page.locator("#households-title + ul")
    expect(households).to_contain_text("with Kid")
    ann_total = households.locator(":scope > li").first.locator(".end").inner_text()
    assert re.search(r"€\d", ann_total)

    # Settle up: record a transfer as paid, after confirming, and undo it: it goes to the trash.
    visitor.follow("Record as paid", "confirm-record-as-paid")
    visitor.submit("Record as paid", "group-recorded-as-paid")
    visitor.submit("Undo", "group-payment-undone")
    expect(page.get_by_text(re.compile("is in the group's trash"))).to_be_visible()
    assert Expense.objects.trashed().get().kind == "payment"
    # Then record each transfer as paid.
    transfers = 0
    while page.get_by_role("link", name=re.compile("^Record as paid")).count():
        visitor.follow("Record as paid")
        visitor.submit("Record as paid")
        transfers += 1
    assert transfers == 1  # one household and bob: one transfer settles everything
    visitor.check("group-settled")
    expect(page.get_by_text("Everyone is settled up.")).to_be_visible()
    expect(households.locator(":scope > li").first.locator(".end")).to_have_text("settled up")

    # Clear the manager: Kid and ann are separate rows again, each with their own balance.
    page.get_by_role("link", name="Clear manager… of Kid").click()
    visitor.check("confirm-clear-manager")
    visitor.submit("Clear the manager", "group-separate-again")
    expect(page.locator("#households-title")).to_have_count(0)
    expect(page.get_by_text("Kid pays ann")).to_be_visible()
    assert "owes" in balance_of(page, "Kid") and "gets back" in balance_of(page, "ann")

    # The other pages of the group, each checked.
    visitor.follow("Expenses", "expenses")
    page.get_by_label("Search descriptions").fill("boat")
    visitor.submit("Filter", "expenses-filtered")
    expect(page.locator("#list-title + ul > li")).to_have_count(1)
    visitor.follow("Boat", "expense")
    expect(page.get_by_role("cell", name="bob")).to_be_visible()
    visitor.follow("Edit", "expense-edit")
    expect(page.get_by_label("Paid by")).to_have_value("several")
    visitor.follow("Cancel")
    visitor.follow("Delete…", "confirm-delete-expense")
    visitor.follow("Cancel")
    visitor.follow("Lisbon")
    visitor.follow("Record a payment", "payment")
    visitor.follow("Cancel")
    visitor.follow("Members")
    visitor.follow("Remove…", "confirm-remove-member")
    visitor.follow("Cancel")
    visitor.follow("Overview")
    visitor.follow("Edit or delete the group", "edit-group")
    visitor.follow("Password", "password")
    visitor.submit("Log out", "logged-out")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
