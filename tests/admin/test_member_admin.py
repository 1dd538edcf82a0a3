"""The member admin: one member at a time, managers chosen among the eligible."""

import pytest
from django.urls import reverse

from groups.services.managers import member_set_manager
from groups.services.members import member_deactivate
from tests.admin.pages import (
    choice_ids,
    member_url,
)
from tests.factories import GroupFactory, GuestFactory

pytestmark = pytest.mark.django_db


# --- the member pages -------------------------------------------------------------------------


def test_member_changelist_shows_managers(admin_client, group, ann, kid):
    partner = GuestFactory(group=group, name="Partner")
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    member_set_manager(
        member=partner, actor=ann, manager_id=GuestFactory(group=group, name="Head").pk
    )

    response = admin_client.get(reverse("admin:groups_groupmember_changelist"))

    assert response.status_code == 200
    rows = {m.name: m.manager_name for m in response.context["cl"].result_list}
    assert rows == {"ann": None, "Kid": "ann", "Partner": "Head", "Head": None}
    assert "Managed by" in response.content.decode()


def test_member_changelist_filters_by_group(admin_client, group, ann, kid):
    GuestFactory(group=GroupFactory(), name="Stranger")
    url = reverse("admin:groups_groupmember_changelist")
    response = admin_client.get(url, {"group__id__exact": group.pk})
    assert {m.name for m in response.context["cl"].result_list} == {"ann", "Kid"}


def test_member_page_sets_a_manager_among_its_group(admin_client, group, ann, bob, kid):
    response = admin_client.get(member_url(kid))
    assert choice_ids(response.context["adminform"].form) == {ann.pk, bob.pk}

    data = {"name": "Kid", "role": "member", "is_active": "on", "manager": str(bob.pk)}
    assert admin_client.post(member_url(kid), data).status_code == 302
    kid.refresh_from_db()
    assert kid.managed_by == bob.user


def test_member_page_refuses_a_rule_break(admin_client, group, ann, bob, kid):
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    data = {"name": "ann", "role": "admin", "is_active": "on", "manager": str(bob.pk)}

    response = admin_client.post(member_url(ann), data)

    assert response.status_code == 200
    assert "manages other members" in str(response.context["adminform"].form.errors)
    ann.refresh_from_db()
    assert ann.managed_by_id is None


def test_member_page_does_not_bring_back_a_registered_member_who_left(admin_client, bob):
    member_deactivate(member=bob, actor=bob)
    data = {"name": "bob", "role": "member", "is_active": "on", "manager": ""}

    response = admin_client.post(member_url(bob), data)

    assert response.status_code == 200
    assert "only they can rejoin" in str(response.context["adminform"].form.errors["is_active"])
    bob.refresh_from_db()
    assert not bob.is_active
