"""Creating and deleting groups."""

import pytest

from groups.models import GroupMember, Share
from groups.services.groups import group_create, group_delete
from tests.factories import (
    add_expense,
)

pytestmark = pytest.mark.django_db


def test_creating_a_group_makes_its_creator_the_admin(user):
    group = group_create(creator=user, name="Flat", currency="gbp")

    (member,) = group.members.all()
    assert (member.user, member.name, member.role, group.currency) == (user, "ann", "admin", "GBP")


def test_deleting_a_group_deletes_its_members_and_shares(group, ann, bob):
    add_expense(group, ann, [ann, bob], amount="10.00")

    group_delete(group=group, actor=ann)

    assert not GroupMember.objects.exists()
    assert not Share.objects.exists()
