"""Once a registered member has left, only they can come back: no admin pulls them back in."""

import pytest

from groups.models import GroupMember
from tests.api.paths import group_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob_left(api_as, group, bob):
    assert api_as(bob.user).delete(group_path(group, "members", bob)).status_code == 204
    return bob


def test_an_admin_cannot_reactivate_a_registered_member_who_left(api, group, ann, bob_left):
    response = api.patch(group_path(group, "members", bob_left), {"active": True}, format="json")

    assert response.status_code == 400
    assert "only they" in response.json()["active"][0]
    bob_left.refresh_from_db()
    assert not bob_left.is_active


def test_re_adding_a_user_who_left_by_username_does_not_bring_them_back(api, group, bob_left):
    response = api.post(group_path(group, "members"), {"username": "bob"}, format="json")

    assert response.status_code == 400
    assert "only they" in response.json()["username"][0]
    assert GroupMember.objects.get(pk=bob_left.pk).is_active is False
    assert group.members.filter(user=bob_left.user).count() == 1


def test_an_admin_still_reactivates_a_guest(api, group, ann, kid):
    assert api.delete(group_path(group, "members", kid)).status_code == 204

    response = api.patch(group_path(group, "members", kid), {"active": True}, format="json")

    assert response.status_code == 200
    assert response.json()["active"] is True


def test_a_deleted_accounts_membership_is_a_guest_and_may_be_reactivated(api, group, bob_left):
    bob_left.user.delete()

    response = api.patch(group_path(group, "members", bob_left), {"active": True}, format="json")

    assert response.status_code == 200
    assert response.json()["user"] is None
