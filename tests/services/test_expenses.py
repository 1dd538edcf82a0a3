"""Expenses and payments: payers, splits, edits, refusals that write nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from groups.models import Expense, Share
from groups.selectors.balances import member_balances
from groups.services.expenses import (
    Participant,
    Payer,
    expense_create,
    expense_delete,
    expense_update,
)
from groups.services.members import member_deactivate
from groups.services.payments import payment_create
from tests.factories import (
    add_expense,
)

pytestmark = pytest.mark.django_db


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
