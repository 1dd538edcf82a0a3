"""What a group spent, by category, by month and by member, in the group's currency.

Payments are not spending, and the trash counts for nothing, so both are left out. A fixed
number of queries whatever the group's size: the totals by category and day (one aggregate
over the covering index expense_group_spending; months are folded here), the members with
their names and maintained totals, and the live payments' shares, which the all-time totals
less. Every figure is a sum of whole cents, so the totals agree exactly:
Σ by category = Σ by month = Σ paid = Σ owed = total.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Sum

from groups.domain.money import from_cents
from groups.models import Expense, Group, GroupMember, Share

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CategoryTotal:
    category: str
    total: Decimal


@dataclass(frozen=True)
class MonthTotal:
    month: str  # "2026-11"
    total: Decimal


@dataclass(frozen=True)
class MemberTotal:
    member: int
    name: str
    paid: Decimal
    owed: Decimal


@dataclass(frozen=True)
class Statistics:
    """A group's spending over a date range (inclusive; None is open-ended)."""

    currency: str
    total: Decimal
    by_category: list[CategoryTotal]
    by_month: list[MonthTotal]
    by_member: list[MemberTotal]
    date_after: datetime.date | None = None
    date_before: datetime.date | None = None


def group_statistics(
    group: Group,
    *,
    date_after: datetime.date | None = None,
    date_before: datetime.date | None = None,
) -> Statistics:
    """Totals of the group's expenses (not payments) dated within the range."""
    in_range = {}
    if date_after is not None:
        in_range["date__gte"] = date_after
    if date_before is not None:
        in_range["date__lte"] = date_before
    expenses = Expense.objects.live().filter(group=group, kind=Expense.Kind.EXPENSE, **in_range)

    # One row per (category, day) with expenses: it grows with the days of history, not with
    # the number of expenses; months are folded here rather than by a date function the
    # database would call on every row.
    # Summed as whole cents (ints), made Decimal once per category and month below.
    cents = Sum("group_amount", output_field=models.BigIntegerField())
    cells = expenses.values_list("category", "date").annotate(total=cents)
    category_cents: dict[str, int] = {}
    month_cents: dict[str, int] = {}
    for category, day, total in cells.order_by():
        category_cents[category] = category_cents.get(category, 0) + total
        month = f"{day.year:04d}-{day.month:02d}"
        month_cents[month] = month_cents.get(month, 0) + total
    by_category = {category: from_cents(total) for category, total in category_cents.items()}
    by_month = {month: from_cents(total) for month, total in month_cents.items()}

    members = GroupMember.objects.filter(group=group).values_list(
        "pk", "name", "total_paid", "total_owed"
    )
    names = {}
    all_time = {}
    for member_id, name, paid, owed in members:
        names[member_id] = name
        all_time[member_id] = (paid, owed)
    by_member = _in_range(group, in_range) if in_range else _less_payments(group, all_time)
    return Statistics(
        currency=group.currency,
        total=sum(by_category.values(), ZERO),
        by_category=[
            CategoryTotal(category, total)
            for category, total in sorted(by_category.items(), key=lambda item: (-item[1], item[0]))
            if total
        ],
        by_month=[MonthTotal(month, total) for month, total in sorted(by_month.items()) if total],
        by_member=[
            MemberTotal(member, names[member], paid, owed)
            for member, (paid, owed) in sorted(by_member.items())
            if paid or owed
        ],
        date_after=date_after,
        date_before=date_before,
    )


def _in_range(group: Group, in_range: dict) -> dict[int, tuple[Decimal, Decimal]]:
    """What each member paid and owes over the group's live expenses in the date range."""
    # Driven from the expenses' (group, date) index: the cost follows the range.
    expense_range = {f"expense__{key}": value for key, value in in_range.items()}
    return _sums(
        Share.objects.live().filter(
            expense__group=group, expense__kind=Expense.Kind.EXPENSE, **expense_range
        )
    )


def _less_payments(
    group: Group, all_time: dict[int, tuple[Decimal, Decimal]]
) -> dict[int, tuple[Decimal, Decimal]]:
    """Over all time: the members' maintained totals less the live payments' shares."""
    # Named in full, so the partial index expense_group_payments finds the payments.
    payments = _sums(
        Share.objects.live().filter(
            expense__group=group,
            expense__kind=Expense.Kind.PAYMENT,
            expense__deleted_at__isnull=True,
        )
    )
    return {
        member: (
            paid - payments.get(member, (ZERO, ZERO))[0],
            owed - payments.get(member, (ZERO, ZERO))[1],
        )
        for member, (paid, owed) in all_time.items()
    }


def _sums(shares) -> dict[int, tuple[Decimal, Decimal]]:
    rows = shares.values_list("member_id").annotate(paid=Sum("paid"), owed=Sum("owed")).order_by()
    return {member: (paid, owed) for member, paid, owed in rows}
