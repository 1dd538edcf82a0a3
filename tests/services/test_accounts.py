"""Deleting an account: its memberships stay as guests, its groups keep an admin."""

from decimal import Decimal

import pytest

from groups.selectors.balances import member_balances
from groups.services.managers import member_set_manager
from groups.services.members import member_update
from tests.factories import (
    UserFactory,
    UserMemberFactory,
    add_expense,
)

pytestmark = pytest.mark.django_db


def test_a_deleted_account_stays_a_guest_and_releases_its_household(group, ann, bob, kid):
    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)
    add_expense(group, bob, [ann, bob], amount="8.00")

    bob.user.delete()

    bob.refresh_from_db()
    kid.refresh_from_db()
    assert (bob.user, bob.name, bob.is_active) == (None, "bob", True)
    assert kid.managed_by is None
    assert member_balances(group.pk)[bob.pk] == Decimal("4.00")


def test_a_deleted_admin_account_hands_the_group_to_the_longest_standing_member(group, ann, bob):
    carol = UserMemberFactory(group=group, user=UserFactory(username="carol"))

    ann.user.delete()

    bob.refresh_from_db()
    carol.refresh_from_db()
    assert (bob.role, carol.role) == ("admin", "member")


def test_another_admin_keeps_the_group_when_an_admin_account_is_deleted(group, ann, bob):
    member_update(member=bob, actor=ann, role="admin")
    carol = UserMemberFactory(group=group, user=UserFactory(username="carol"))

    ann.user.delete()

    carol.refresh_from_db()
    assert carol.role == "member"
