"""Setting and clearing managers: rules 1, 2, 3 and 5."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groups.models import GroupMember, Share
from groups.selectors.balances import group_balance_sheet
from groups.services.managers import member_clear_manager, member_set_manager
from groups.services.members import member_deactivate
from tests.factories import (
    GroupFactory,
    GuestFactory,
    UserFactory,
    add_expense,
)

pytestmark = pytest.mark.django_db


def shares_snapshot(group):
    return sorted(
        Share.objects.filter(group=group).values_list("expense", "member", "paid", "owed")
    )


def test_a_guest_can_head_a_household(group, ann, kid):
    baby = GuestFactory(group=group, name="Baby")

    member_set_manager(member=baby, actor=ann, manager_id=kid.pk)

    baby.refresh_from_db()
    assert baby.managed_by == kid
    assert baby.is_managed_by(kid)


@pytest.mark.parametrize("case", ["self", "manager managed", "member manages", "other group"])
def test_rules_1_and_2_refuse_bad_managers(group, ann, bob, kid, case):
    other_group_member = GuestFactory(group=GroupFactory(), name="Stranger")
    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)
    member, manager = {
        "self": (ann, ann),
        "manager managed": (ann, kid),
        "member manages": (bob, ann),
        "other group": (ann, other_group_member),
    }[case]

    with pytest.raises(ValidationError) as error:
        member_set_manager(member=member, actor=ann, manager_id=manager.pk)

    assert "manager" in error.value.message_dict
    member.refresh_from_db()
    assert member.managed_by_id is None


def test_an_inactive_member_cannot_manage(group, ann, bob, kid):
    member_deactivate(member=bob, actor=ann)

    with pytest.raises(ValidationError):
        member_set_manager(member=kid, actor=ann, manager_id=bob.pk)


def test_rule_3_a_member_claims_a_guest_but_not_for_someone_else(group, ann, bob, kid):
    with pytest.raises(PermissionDenied):
        member_set_manager(member=kid, actor=bob, manager_id=ann.pk)

    member_set_manager(member=kid, actor=bob, manager_id=bob.pk)

    kid.refresh_from_db()
    assert kid.managed_by == bob.user
    with pytest.raises(PermissionDenied):
        member_set_manager(member=ann, actor=bob, manager_id=bob.pk)


def test_rule_3_only_admins_or_the_pair_clear_a_manager(group, ann, bob, kid):
    carol = GroupMember.objects.create(
        group=group, user=UserFactory(username="carol"), name="carol"
    )
    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)

    with pytest.raises(PermissionDenied):
        member_clear_manager(member=kid, actor=carol)
    member_clear_manager(member=kid, actor=bob)

    kid.refresh_from_db()
    assert kid.managed_by_id is None


def test_rule_5_management_changes_how_balances_are_shown_not_the_shares(group, ann, bob, kid):
    add_expense(group, ann, [ann, bob, kid], amount="90.00")
    before = shares_snapshot(group)

    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)
    managed = group_balance_sheet(group)
    member_clear_manager(member=kid, actor=ann)
    separate = group_balance_sheet(group)

    assert shares_snapshot(group) == before
    assert [(p.member, p.balance, p.includes) for p in managed.aggregated] == [
        (ann, Decimal("60.00"), []),
        (bob, Decimal("-60.00"), [kid]),
    ]
    assert [(p.member, p.balance) for p in separate.aggregated] == [
        (ann, Decimal("60.00")),
        (bob, Decimal("-30.00")),
        (kid, Decimal("-30.00")),
    ]
