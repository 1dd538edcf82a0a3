"""Statistics by property: whatever the expenses, every breakdown adds up to the total."""

import contextlib
import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups.models import Expense, Share
from groups.selectors.statistics import group_statistics
from groups.services import totals
from groups.services.expenses import Participant, Payer, expense_create, expense_delete
from groups.services.payments import payment_create
from groups.services.trash import expense_restore
from tests.factories import add_expense

pytestmark = pytest.mark.django_db

CATEGORIES = ["", "food", "transport", "rent", "other"]

an_expense = st.fixed_dictionaries(
    {
        "cents": st.integers(min_value=100, max_value=10**9),
        "currency": st.sampled_from(["EUR", "EUR", "USD", "JPY"]),
        "rate_units": st.integers(min_value=10**7, max_value=10**12),  # 0.001 to 100
        "category": st.sampled_from(CATEGORIES),
        "day": st.integers(min_value=0, max_value=800),
        "payers": st.integers(min_value=1, max_value=3),
        "people": st.integers(min_value=1, max_value=3),
        "split": st.sampled_from(["equal", "shares"]),
        "payment": st.booleans(),
    }
)


def record(group, members, item):
    amount = Decimal(item["cents"]) / 100
    day = datetime.date(2025, 1, 1) + datetime.timedelta(days=item["day"])
    money = {}
    if item["currency"] != "EUR":
        money = {
            "currency": item["currency"],
            "exchange_rate": Decimal(item["rate_units"]).scaleb(-10),
        }
    if item["payment"]:
        return payment_create(
            group=group,
            created_by=None,
            from_member_id=members[0].pk,
            to_member_id=members[1].pk,
            amount=amount,
            date=day,
            **money,
        )
    payers = members[: item["payers"]]
    first = amount - Decimal(len(payers) - 1) / 100
    return expense_create(
        group=group,
        created_by=None,
        description="x",
        amount=amount,
        split=item["split"],
        participants=[
            Participant(m.pk, Decimal(i + 1) if item["split"] == "shares" else None)
            for i, m in enumerate(members[-item["people"] :])
        ],
        payers=[Payer(p.pk, first if i == 0 else Decimal("0.01")) for i, p in enumerate(payers)],
        date=day,
        category=item["category"],
        **money,
    )


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(an_expense, max_size=15), st.data())
def test_every_breakdown_adds_up_to_the_total(group, ann, bob, kid, items, data):
    Expense.objects.filter(group=group).delete()
    totals.recompute(group.pk)  # the shares went below the services that keep the totals
    for item in items:
        # A part under a cent once converted is refused, and nothing of it written.
        with contextlib.suppress(ValidationError):
            record(group, [ann, bob, kid], item)
    after = data.draw(st.none() | st.dates(datetime.date(2025, 1, 1), datetime.date(2027, 3, 1)))
    before = data.draw(st.none() | st.dates(after or datetime.date(2025, 1, 1)))

    statistics = group_statistics(group, date_after=after, date_before=before)

    spent = Expense.objects.filter(group=group, kind="expense")
    if after:
        spent = spent.filter(date__gte=after)
    if before:
        spent = spent.filter(date__lte=before)
    expected = sum((e.group_amount for e in spent), Decimal("0.00"))
    assert statistics.total == expected
    assert sum(row.total for row in statistics.by_category) == expected
    assert sum(row.total for row in statistics.by_month) == expected
    assert sum(row.paid for row in statistics.by_member) == expected
    assert sum(row.owed for row in statistics.by_member) == expected
    by_category = Counter()
    for expense in spent:
        by_category[expense.category] += expense.group_amount
    assert {row.category: row.total for row in statistics.by_category} == dict(by_category)
    months = [row.month for row in statistics.by_month]
    assert months == sorted(months)
    assert all(row.total > 0 for row in [*statistics.by_category, *statistics.by_month])
    owed = Counter()
    for share in Share.objects.filter(expense__in=spent):
        owed[share.member_id] += share.owed
    assert {row.member: row.owed for row in statistics.by_member if row.owed} == {
        member: total for member, total in owed.items() if total
    }


@pytest.mark.parametrize("date_after", [None, datetime.date(2020, 1, 1)])
def test_the_trash_counts_for_nothing_until_restored(group, ann, bob, date_after):
    kept = add_expense(group, ann, [ann, bob], amount="30.00")
    trashed = add_expense(group, bob, [ann, bob], amount="50.00")
    before = group_statistics(group, date_after=date_after)

    expense_delete(expense=trashed, actor=bob)
    statistics = group_statistics(group, date_after=date_after)

    assert statistics.total == kept.group_amount == Decimal("30.00")
    assert [(row.name, row.paid, row.owed) for row in statistics.by_member] == [
        ("ann", Decimal("30.00"), Decimal("15.00")),
        ("bob", Decimal("0.00"), Decimal("15.00")),
    ]
    assert sum(row.total for row in statistics.by_month) == Decimal("30.00")
    expense_restore(expense=trashed, actor=bob)
    assert group_statistics(group, date_after=date_after) == before
