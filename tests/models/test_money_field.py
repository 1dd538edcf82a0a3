"""Money stored as integer cents: the database's sums equal exact Decimal sums."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups.models import Expense, Share
from groups.selectors.balances import member_balances
from tests.factories import add_expense

pytestmark = pytest.mark.django_db

amounts = st.integers(min_value=3, max_value=999_999_999_999).map(lambda c: Decimal(c) / 100)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(amounts, min_size=1, max_size=12))
def test_database_sums_are_exact_decimal_sums(group, ann, bob, kid, values):
    Expense.objects.filter(group=group).delete()
    for index, value in enumerate(values):
        payer = (ann, bob, kid)[index % 3]
        add_expense(group, payer, [ann, bob, kid], amount=str(value))

    total = Expense.objects.filter(group=group).aggregate(total=Sum("amount"))["total"]
    assert total == sum(values)
    assert isinstance(total, Decimal)
    paid = Share.objects.filter(group=group).aggregate(paid=Sum("paid"))["paid"]
    assert paid == sum(values)
    assert sum(member_balances(group.pk).values()) == 0


def test_amounts_round_trip_as_two_place_decimals(group, ann, bob):
    expense = add_expense(group, ann, [ann, bob], amount="0.05")

    expense.refresh_from_db()
    assert str(expense.amount) == "0.05"
    assert sorted(str(s.owed) for s in expense.shares.all()) == ["0.02", "0.03"]
