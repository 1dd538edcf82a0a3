"""Setting and clearing a member's manager on the group page: asked first, never preselected."""

from decimal import Decimal

import pytest

from groups.services.managers import member_set_manager
from tests.factories import GroupFactory, GuestFactory, add_expense
from tests.web.conftest import households, text, url

pytestmark = pytest.mark.django_db


def rows_by_name(response):
    return {row.member.name: row for row in response.context["rows"]}


def test_setting_asks_first_and_clearing_asks_first(as_ann, group, ann, bob, kid):
    add_expense(group, bob, [ann, bob, kid], amount="30.00")
    assert households(as_ann.get(url("group-detail", group)))["Kid"] == (Decimal("-10.00"), [])

    # The row's form is a GET: it only asks.
    question = as_ann.get(url("member-manager", group, kid), {"manager": ann.pk})
    assert "Make ann the manager of Kid?" in text(question)
    assert f'name="manager" value="{ann.pk}"' in text(question)
    kid.refresh_from_db()
    assert kid.managed_by_id is None

    response = as_ann.post(url("member-manager", group, kid), {"manager": ann.pk})
    assert response.status_code == 302
    page = as_ann.get(url("group-detail", group))
    assert households(page) == {"ann": (Decimal("-20.00"), ["Kid"]), "bob": (Decimal("20.00"), [])}
    assert "Kid is now managed by ann." in text(page)

    assert "Stop managing Kid?" in text(
        as_ann.get(url("member-manager", group, kid), {"action": "clear"})
    )
    kid.refresh_from_db()
    assert kid.managed_by_id is not None
    as_ann.post(url("member-manager", group, kid), {"action": "clear"})
    assert set(households(as_ann.get(url("group-detail", group)))) == {"ann", "bob", "Kid"}


def test_no_manager_is_preselected(as_ann, group, ann, bob, kid):
    html = text(as_ann.get(url("group-detail", group)))
    form = rows_by_name(as_ann.get(url("group-detail", group)))["Kid"].manage_form
    assert form["manager"].value() is None
    assert [label for _, label in form.fields["manager"].choices] == ["Choose…", "ann", "bob"]
    select = html.split(f'id="id_manage_{kid.pk}_manager"')[1].split("</select>")[0]
    assert select.count("selected") == 1 and '<option value="" selected>Choose…' in select


def test_submitting_no_choice_says_so_and_sets_nothing(as_ann, group, ann, kid):
    response = as_ann.get(url("member-manager", group, kid), {"manager": ""})
    assert response.status_code == 200
    assert "Kid's manager was not changed: Choose who manages them." in text(response)
    kid.refresh_from_db()
    assert kid.managed_by_id is None


def test_the_manage_form_offers_only_eligible_members(as_ann, group, ann, bob, kid):
    member_set_manager(member=bob, actor=ann, manager_id=ann.pk)
    rows = rows_by_name(as_ann.get(url("group-detail", group)))
    assert [label for _, label in rows["Kid"].manage_form.fields["manager"].choices] == [
        "Choose…",
        "ann",
    ]
    assert rows["ann"].manage_form is None  # a manager cannot be managed
    assert rows["bob"].manage_form is None  # managed: clear first to change
    assert rows["bob"].may_clear and not rows["Kid"].may_clear


def test_a_chain_shows_the_reason_and_writes_nothing(as_ann, group, ann, bob, kid):
    """Ann manages Kid, so ann cannot be managed by bob (one level only)."""
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    response = as_ann.post(url("member-manager", group, ann), {"manager": bob.pk})
    assert response.status_code == 200
    assert "manages other members" in text(response)
    ann.refresh_from_db()
    assert ann.managed_by_id is None


def test_an_ineligible_choice_posted_by_hand_is_refused(as_ann, group, ann, bob, kid):
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    stranger = GuestFactory(group=GroupFactory(), name="Stranger")
    for choice in (bob.pk, kid.pk, stranger.pk):
        response = as_ann.post(url("member-manager", group, bob), {"manager": choice})
        assert "Select a valid choice" in text(response)
    bob.refresh_from_db()
    assert bob.managed_by_id is None


def test_rule_3_applies_to_the_logged_in_member(login, group, ann, bob, kid):
    as_bob = login(bob.user)
    rows = rows_by_name(as_bob.get(url("group-detail", group)))
    assert rows["ann"].manage_form is None  # bob may not manage ann
    assert [c for _, c in rows["Kid"].manage_form.fields["manager"].choices] == ["Choose…", "bob"]

    # Naming someone else as a guest's manager is only for admins.
    assert as_bob.post(url("member-manager", group, kid), {"manager": ann.pk}).status_code == 200
    # Managing a registered member is only for admins, whatever the body says.
    assert as_bob.post(url("member-manager", group, ann), {}).status_code == 403
    kid.refresh_from_db()
    assert kid.managed_by_id is None

    # Bob may claim the unmanaged guest for himself, and release them again.
    as_bob.post(url("member-manager", group, kid), {"manager": bob.pk})
    kid.refresh_from_db()
    assert kid.managed_by == bob.user
    assert as_bob.post(url("member-manager", group, kid), {"action": "clear"}).status_code == 302
    kid.refresh_from_db()
    assert kid.managed_by_id is None


def test_clearing_someone_elses_manager_is_403(login, group, ann, bob, kid):
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    response = login(bob.user).post(url("member-manager", group, kid), {"action": "clear"})
    assert response.status_code == 403
    kid.refresh_from_db()
    assert kid.managed_by == ann.user
