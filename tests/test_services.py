"""The write services: membership, management rules 1-5, expenses and payments."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groups.models import Expense, GroupMember, Share
from groups.selectors.balances import group_balance_sheet, member_balances
from groups.services.expenses import (
    Participant,
    Payer,
    expense_create,
    expense_delete,
    expense_update,
    payment_create,
)
from groups.services.groups import group_create, group_delete
from groups.services.managers import member_clear_manager, member_set_manager
from groups.services.members import member_add, member_deactivate, member_update
from tests.factories import (
    GroupFactory,
    GuestFactory,
    UserFactory,
    UserMemberFactory,
    add_expense,
)

pytestmark = pytest.mark.django_db


def shares_snapshot(group):
    return sorted(
        Share.objects.filter(group=group).values_list("expense", "member", "paid", "owed")
    )


def test_creating_a_group_makes_its_creator_the_admin(user):
    group = group_create(creator=user, name="Flat", currency="gbp")

    (member,) = group.members.all()
    assert (member.user, member.name, member.role, group.currency) == (user, "ann", "admin", "GBP")


def test_a_name_is_taken_once_per_group(group, kid):
    with pytest.raises(ValidationError) as error:
        member_add(group=group, name="Kid")

    assert "name" in error.value.message_dict
    assert group.members.filter(name="Kid").count() == 1


def test_a_member_leaves_only_with_a_zero_balance(group, ann, bob):
    add_expense(group, ann, [ann, bob], amount="10.00")

    with pytest.raises(ValidationError) as error:
        member_deactivate(member=bob, actor=bob)

    assert "balance" in error.value.message_dict
    bob.refresh_from_db()
    assert bob.is_active


def test_a_manager_who_leaves_releases_their_household(group, ann, bob, kid):
    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)

    member_deactivate(member=bob, actor=bob)

    kid.refresh_from_db()
    assert kid.managed_by is None


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


def test_several_payers_and_a_shares_split(group, ann, bob, kid):
    expense = expense_create(
        group=group,
        created_by=ann.user,
        description="Dinner",
        amount="90.00",
        split="shares",
        participants=[
            Participant(ann.pk, Decimal(2)),
            Participant(kid.pk, Decimal(1)),
        ],
        payers=[Payer(ann.pk, "60.00"), Payer(bob.pk, "30.00")],
    )

    rows = {s.member_id: (s.paid, s.owed) for s in expense.shares.all()}
    assert rows == {
        ann.pk: (Decimal("60.00"), Decimal("60.00")),
        bob.pk: (Decimal("30.00"), Decimal("0.00")),
        kid.pk: (Decimal("0.00"), Decimal("30.00")),
    }


def test_a_refused_expense_writes_nothing(group, ann, bob):
    with pytest.raises(ValidationError):
        expense_create(
            group=group,
            created_by=None,
            description="Taxi",
            amount="10.00",
            split="exact",
            participants=[
                Participant(ann.pk, Decimal("3")),
                Participant(bob.pk, 6),
            ],
            payers=[Payer(ann.pk, "10.00")],
        )

    assert not Expense.objects.exists()
    assert not Share.objects.exists()


def test_editing_the_amount_replaces_the_shares(group, ann, bob):
    expense = add_expense(group, ann, [ann, bob], amount="10.00")

    expense_update(
        expense=expense,
        amount="30.00",
        split="equal",
        participants=[Participant(ann.pk), Participant(bob.pk)],
        payers=[Payer(bob.pk, "30.00")],
    )

    assert member_balances(group.pk) == {ann.pk: Decimal("-15.00"), bob.pk: Decimal("15.00")}


def test_expenses_of_someone_who_left_cannot_be_changed(group, ann, bob):
    expense = add_expense(group, ann, [ann, bob], amount="10.00")
    payment_create(
        group=group, created_by=None, from_member_id=bob.pk, to_member_id=ann.pk, amount="5.00"
    )
    member_deactivate(member=bob, actor=ann)

    with pytest.raises(ValidationError):
        expense_delete(expense=expense)

    assert Expense.objects.filter(pk=expense.pk).exists()


def test_a_payment_moves_both_balances(group, ann, bob):
    add_expense(group, ann, [bob], amount="30.00")

    payment_create(
        group=group, created_by=None, from_member_id=bob.pk, to_member_id=ann.pk, amount="30.00"
    )

    assert member_balances(group.pk) == {ann.pk: Decimal("0.00"), bob.pk: Decimal("0.00")}


def test_deleting_a_group_deletes_its_members_and_shares(group, ann, bob):
    add_expense(group, ann, [ann, bob], amount="10.00")

    group_delete(group=group, actor=ann)

    assert not GroupMember.objects.exists()
    assert not Share.objects.exists()
