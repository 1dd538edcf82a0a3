"""The group admin over real HTTP: members inline with managers, and balances."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from groups.models import Group
from groups.services.managers import member_set_manager
from groups.services.members import member_deactivate
from tests.admin.pages import (
    choice_ids,
    group_form,
    group_url,
    inline_forms,
)
from tests.factories import GroupFactory, GuestFactory, UserFactory, add_expense

pytestmark = pytest.mark.django_db


# --- the group page ---------------------------------------------------------------------------


def test_group_page_shows_members_inline_and_balances(admin_client, group, ann, bob, kid):
    add_expense(group, ann, [ann, bob, kid], amount="30.00")
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)

    response = admin_client.get(group_url(group))

    assert response.status_code == 200
    assert [f.instance for f in inline_forms(response) if f.instance.pk] == [ann, bob, kid]
    html = response.content.decode()
    assert "Managed by" in html
    assert "<td>ann</td><td>10.00</td><td>Kid</td>" in html  # household: ann carries Kid
    assert "<td>bob</td><td>ann</td><td>10.00</td>" in html  # settle up: bob pays ann


def test_group_changelist_lists_member_count(admin_client, group, ann, bob, kid):
    member_deactivate(member=kid, actor=ann)
    response = admin_client.get(reverse("admin:groups_group_changelist"), {"q": "Trip"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [group]
    assert response.context["cl"].result_list[0].member_count == 2


def test_manager_choices_are_only_eligible_members(admin_client, group, ann, bob, kid):
    other = GuestFactory(group=GroupFactory(), name="Stranger")
    retired = GuestFactory(group=group, name="Retired", is_active=False)
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)

    forms = {f.instance.name: f for f in inline_forms(admin_client.get(group_url(group)))}

    assert choice_ids(forms["bob"]) == {ann.pk}  # not bob himself, not the managed Kid
    assert choice_ids(forms["Kid"]) == {ann.pk, bob.pk}
    assert other.pk not in choice_ids(forms["ann"]) and retired.pk not in choice_ids(forms["ann"])
    assert forms["Kid"].initial["manager"] == ann.pk


def test_setting_a_manager_in_the_admin_stores_it(admin_client, group, ann, bob, kid):
    response = admin_client.post(group_url(group), group_form(group, {kid: bob.pk}))

    assert response.status_code == 302, response.context and response.context["errors"]
    kid.refresh_from_db()
    assert kid.managed_by == bob.user


def test_a_guest_heading_a_household_is_stored_as_a_member(admin_client, group, ann, kid):
    partner = GuestFactory(group=group, name="Partner")
    admin_client.post(group_url(group), group_form(group, {partner: kid.pk}))
    partner.refresh_from_db()
    assert partner.managed_by == kid


def test_clearing_a_manager_in_the_admin(admin_client, group, ann, kid):
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    response = admin_client.post(group_url(group), group_form(group, {kid: ""}))
    assert response.status_code == 302
    kid.refresh_from_db()
    assert kid.managed_by is None


def test_moving_a_member_between_households_in_one_save(admin_client, group, ann, bob, kid):
    """Clearing comes before setting, so bob may stop managing and be managed at once."""
    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)
    data = group_form(group, {kid: ann.pk, bob: ann.pk})
    assert admin_client.post(group_url(group), data).status_code == 302
    kid.refresh_from_db(), bob.refresh_from_db()
    assert kid.managed_by == ann.user and bob.managed_by == ann.user


@pytest.mark.parametrize("case", ["self", "managed", "other group", "inactive"])
def test_an_ineligible_manager_posted_by_hand_is_refused(admin_client, group, ann, bob, kid, case):
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    choice = {
        "self": bob.pk,
        "managed": kid.pk,
        "other group": GuestFactory(group=GroupFactory(), name="Stranger").pk,
        "inactive": GuestFactory(group=group, name="Retired", is_active=False).pk,
    }[case]

    response = admin_client.post(group_url(group), group_form(group, {bob: choice}))

    assert response.status_code == 200
    bob_form = next(f for f in inline_forms(response) if f.instance == bob)
    assert "Select a valid choice" in str(bob_form.errors["manager"])
    bob.refresh_from_db()
    assert bob.managed_by_id is None


def test_a_rule_break_is_a_form_error_and_writes_nothing(admin_client, group, ann, bob, kid):
    """Ann manages Kid, so she cannot be managed: the service's reason shows on her row."""
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    data = group_form(group, {ann: bob.pk})
    data["name"] = "Renamed"

    response = admin_client.post(group_url(group), data)

    assert response.status_code == 200
    ann_form = next(f for f in inline_forms(response) if f.instance == ann)
    assert "manages other members" in str(ann_form.errors["manager"])
    ann.refresh_from_db()
    group.refresh_from_db()
    assert ann.managed_by_id is None and group.name == "Trip"


def test_a_chain_built_in_one_submission_is_refused(admin_client, group, ann, bob, kid):
    """Each change alone is fine; together Kid -> bob -> ann is a chain. Nothing is saved."""
    response = admin_client.post(group_url(group), group_form(group, {kid: bob.pk, bob: ann.pk}))

    assert response.status_code == 200
    assert "managed by someone else" in response.content.decode()
    kid.refresh_from_db(), bob.refresh_from_db()
    assert kid.managed_by_id is None and bob.managed_by_id is None


def test_adding_a_guest_with_a_manager_from_the_inline(admin_client, group, ann):
    extra = {"name": "Maya", "role": "member", "is_active": "on", "manager": str(ann.pk)}
    response = admin_client.post(group_url(group), group_form(group, extra=extra))
    assert response.status_code == 302
    maya = group.members.get(name="Maya")
    assert maya.is_guest and maya.managed_by == ann.user


def test_deactivating_a_member_who_owes_is_refused_on_the_field(admin_client, group, ann, kid):
    add_expense(group, ann, [ann, kid])
    data = group_form(group)
    index = list(group.members.order_by("id")).index(kid)
    del data[f"members-{index}-is_active"]

    response = admin_client.post(group_url(group), data)

    kid_form = next(f for f in inline_forms(response) if f.instance == kid)
    assert "settle it before leaving" in str(kid_form.errors["is_active"])
    kid.refresh_from_db()
    assert kid.is_active


def test_adding_a_group_makes_the_admin_its_first_member(admin_client, admin_user):
    url = reverse("admin:groups_group_add")
    response = admin_client.post(url, {"name": "Flat", "currency": "chf"})
    assert response.status_code == 302
    group = Group.objects.get(name="Flat")
    assert group.currency == "CHF"
    assert group.members.get().user == admin_user


def test_deleting_a_group_in_the_admin(admin_client, group, ann, kid):
    add_expense(group, ann, [ann, kid])
    url = reverse("admin:groups_group_delete", args=[group.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()


def test_staff_who_may_only_view_cannot_change_managers(client, group, ann, kid):
    """The admin acts as a group admin only for whom Django's admin permissions allow it."""
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_group", "view_groupmember"])
    )
    client.force_login(viewer)
    assert client.get(group_url(group)).status_code == 200

    response = client.post(group_url(group), group_form(group, {kid: ann.pk}))

    assert response.status_code == 403
    kid.refresh_from_db()
    assert kid.managed_by_id is None
