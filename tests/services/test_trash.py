"""The trash by property: whatever is trashed counts for nothing, and a restore undoes it."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups.models import Expense, Share
from groups.selectors.balances import member_balance, member_balances
from groups.services.expenses import Participant, Payer, expense_create, expense_delete
from groups.services.trash import expense_restore
from tests.factories import GroupFactory, GuestFactory, UserFactory, admin_of

pytestmark = pytest.mark.django_db

expenses = st.lists(
    st.tuples(
        st.integers(min_value=4, max_value=99_999),  # cents: at least one for each of four
        st.integers(min_value=0, max_value=3),  # payer
        st.sets(st.integers(min_value=0, max_value=3), min_size=1),  # participants
        st.booleans(),  # trashed
    ),
    min_size=1,
    max_size=8,
)


def expected_balances(written) -> dict[int, Decimal]:
    """Each member's paid minus owed over the live expenses, from the shares themselves."""
    totals = {}
    for expense in written:
        if expense.deleted_at is None:
            for share in expense.shares.all():
                totals[share.member_id] = totals.get(share.member_id, 0) + share.paid - share.owed
    return totals


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expenses)
def test_trashed_expenses_count_for_nothing_and_restoring_undoes_it(items):
    owner = UserFactory()
    group = GroupFactory(created_by=owner)
    members = [admin_of(group), *(GuestFactory(group=group) for _ in range(3))]
    written = []
    for cents, payer, participants, _ in items:
        amount = Decimal(cents) / 100
        written.append(
            expense_create(
                group=group,
                created_by=owner,
                description="x",
                amount=amount,
                split="equal",
                participants=[Participant(members[i].pk) for i in sorted(participants)],
                payers=[Payer(members[payer].pk, amount)],
            )
        )
    all_live = member_balances(group.pk)
    shares_before = list(Share.objects.filter(group=group).order_by("pk").values_list())

    for expense, (*_, trashed) in zip(written, items, strict=True):
        if trashed:
            expense_delete(expense=expense)
    written = [Expense.objects.get(pk=e.pk) for e in written]

    balances = member_balances(group.pk)
    expected = expected_balances(written)
    assert {m: b for m, b in balances.items() if b} == {m: b for m, b in expected.items() if b}
    assert sum(balances.values()) == 0
    for member in members:
        assert member_balance(member) == balances.get(member.pk, 0)

    for expense in written:
        if expense.deleted_at is not None:
            expense_restore(expense=expense)

    assert member_balances(group.pk) == all_live
    assert list(Share.objects.filter(group=group).order_by("pk").values_list()) == shares_before
