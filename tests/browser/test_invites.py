"""In Chromium: an admin makes the invite link and copies it; someone else, in a browser of
their own, opens it signed out, signs up, comes back and says "this is me" for a guest.
And a group imported from a file: upload, preview, confirm."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from groups.models import GroupMember
from groups.selectors.balances import member_balances
from tests.browser.conftest import SCREENSHOTS
from tests.browser.pages import Visitor
from tests.factories import GroupFactory, GuestFactory, UserFactory, add_expense, admin_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "walk-in-lisbon-2026"
SAMPLES = Path(__file__).resolve().parents[1] / "interchange" / "samples"


@pytest.fixture
def invitee(browser, live_server):
    """A second person, in a browser context of their own (no shared cookies)."""
    context = browser.new_context()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield Visitor(context.new_page(), live_server.url, SCREENSHOTS, prefix="invitee")
    context.close()


def test_invite_then_join_as_the_guest_in_another_browser(visitor, invitee):
    user = UserFactory(username="ann")
    group = GroupFactory(name="Lisbon", created_by=user)
    ann = admin_of(group)
    kid = GuestFactory(group=group, name="Kid")
    add_expense(group, ann, [ann, kid], amount="30.00")
    page = visitor.page

    # The admin makes the link and copies it.
    visitor.go("/accounts/login/", "invite-login")
    visitor.fill({"Username": "ann", "Password": "correct-horse-battery"})
    visitor.submit("Log in")
    visitor.go(f"/groups/{group.pk}/members/", "members-no-link")
    visitor.submit("Make an invite link", "members-invite-link")
    link = page.get_by_label("Link to share").input_value()
    assert link.startswith(visitor.base_url + "/join/")
    page.get_by_role("button", name="Copy the link").click()
    expect(page.locator("#invite-copied")).not_to_have_text("")
    expect(page.get_by_label("Link to share")).to_be_focused()

    # Someone else opens it signed out, signs up, and comes back to it.
    other = invitee.page
    invitee.go(link.removeprefix(invitee.base_url), "join-signed-out")
    expect(other.get_by_role("heading", name="Join Lisbon")).to_be_visible()
    invitee.follow("Sign up to join", "join-sign-up")
    invitee.fill({"Username": "dora", "Password": PASSWORD, "Password again": PASSWORD})
    invitee.submit("Sign up", "join-signed-in")
    assert other.url == link
    expect(other.get_by_role("heading", name="Are you one of them?")).to_be_visible()

    # "This is me": dora becomes Kid, with Kid's share of the expense.
    invitee.submit("This is me: Kid", "joined-as-guest")
    expect(other.get_by_text("Welcome to Lisbon! You are Kid here.")).to_be_visible()
    kid.refresh_from_db()
    assert kid.user.get_username() == "dora"
    assert member_balances(group.pk)[kid.pk] == -15
    assert GroupMember.objects.filter(group=group).count() == 2

    # The admin sees Kid with an account now, and the group exports as a file.
    visitor.go(f"/groups/{group.pk}/members/", "members-after-claim")
    expect(page.get_by_text("Account: dora")).to_be_visible()
    visitor.follow("Export", "export")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download JSON").click()
    with open(download.value.path(), encoding="utf-8") as file:
        exported = json.load(file)
    assert [m["name"] for m in exported["members"]] == ["ann", "Kid"]


def test_import_a_file_preview_it_and_confirm(visitor):
    UserFactory(username="ann")
    page = visitor.page
    visitor.go("/accounts/login/", "import-login")
    visitor.fill({"Username": "ann", "Password": "correct-horse-battery"})
    visitor.submit("Log in")
    visitor.follow("Import a group", "import")
    page.get_by_label("File").set_input_files(SAMPLES / "sample.cospend.csv")
    page.get_by_label("Exported from").select_option("cospend-csv")
    visitor.fill({"Name of the new group": "Flat"})
    visitor.submit("Preview the import", "import-preview")
    expect(page.get_by_role("heading", name="Import Flat?")).to_be_visible()
    expect(page.get_by_text("Cospend's payment modes are not imported.")).to_be_visible()
    visitor.submit("Create Flat", "imported-group")
    expect(page.get_by_text("Imported Flat: 4 members, 5 expenses and 1 payments.")).to_be_visible()
