"""My groups, creating, editing and deleting a group, and the group's page."""

from decimal import Decimal

import pytest

from groups.models import Group
from groups.services.managers import member_set_manager
from tests.factories import GroupFactory, add_expense, bulk_expenses
from tests.web.conftest import households, text, url

pytestmark = pytest.mark.django_db


def test_my_groups_lists_only_mine_with_what_i_owe_or_am_owed(as_ann, group, ann, bob, kid):
    GroupFactory(name="Someone else's flat")
    flat = GroupFactory(name="Flat", created_by=ann.user)
    add_expense(group, bob, [ann, bob], amount="5000000606.00")
    response = as_ann.get(url("group-list"))
    assert [g.name for g in response.context["groups"]] == ["Flat", "Trip"]
    trip = response.context["groups"][1]
    assert (trip.member_count, trip.my_balance) == (3, Decimal("-2500000303.00"))
    assert response.context["groups"][0].my_balance == 0 and flat
    html = text(response)
    assert "Someone else" not in html
    assert "you owe</span> €2,500,000,303.00" in html


def test_creating_a_group_leads_to_adding_members(as_ann, user):
    response = as_ann.post(url("group-create"), {"name": "Flat", "currency": "gbp"})
    group = Group.objects.get(name="Flat")
    assert response["Location"] == url("members", group)
    assert group.currency == "GBP" and group.members.get().user == user


def test_a_refused_group_keeps_what_was_typed(as_ann, user):
    response = as_ann.post(url("group-create"), {"name": "Flat", "currency": "EU"})
    assert "currency" in response.context["form"].errors
    assert 'value="Flat"' in text(response)
    assert not Group.objects.exists()


def test_an_admin_renames_a_group(as_ann, group, ann):
    response = as_ann.post(url("group-edit", group), {"name": "Lisbon", "currency": "EUR"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Lisbon"


def test_a_member_may_not_rename_and_is_told_why(login, group, ann, bob):
    response = login(bob.user).post(url("group-edit", group), {"name": "Mine", "currency": "EUR"})
    assert "Only a group admin" in text(response)
    group.refresh_from_db()
    assert group.name == "Trip"


def test_deleting_a_group_asks_first(as_ann, group, ann):
    page = as_ann.get(url("group-delete", group))
    assert "Delete Trip with all its members" in text(page)
    assert Group.objects.filter(pk=group.pk).exists()
    assert as_ann.post(url("group-delete", group))["Location"] == url("group-list")
    assert not Group.objects.filter(pk=group.pk).exists()


def test_a_member_may_not_delete_the_group(login, group, ann, bob):
    response = login(bob.user).post(url("group-delete", group))
    assert response.status_code == 403 and "Only a group admin" in text(response)
    assert Group.objects.filter(pk=group.pk).exists()


def test_the_group_page_shows_balances_households_and_settle_up(as_ann, group, ann, bob, kid):
    add_expense(group, ann, [ann, bob, kid], amount="30.00")
    response = as_ann.get(url("group-detail", group))
    assert [row.member.name for row in response.context["rows"]] == ["ann", "bob", "Kid"]
    plan = [
        (t["transfer"].debtor.name, t["transfer"].creditor.name)
        for t in response.context["settle_up"]
    ]
    assert plan == [("bob", "ann"), ("Kid", "ann")]
    assert "Record as paid" in text(response)
    assert not response.context["has_households"]

    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)
    response = as_ann.get(url("group-detail", group))
    assert households(response) == {
        "ann": (Decimal("20.00"), []),
        "bob": (Decimal("-20.00"), ["Kid"]),
    }
    bob_household = next(h for h in response.context["households"] if h.member == bob)
    assert [(m.name, b) for m, b in bob_household.people] == [
        ("bob", Decimal("-10.00")),
        ("Kid", Decimal("-10.00")),
    ]
    assert "Households" in text(response)


def test_the_group_page_reads_a_fixed_number_of_queries(
    as_ann, group, ann, bob, kid, django_assert_max_num_queries
):
    bulk_expenses(group, ann, [bob, kid], 40)
    with django_assert_max_num_queries(20):
        as_ann.get(url("group-detail", group))
