"""What a group spent, by category, by month and by member, in the group's currency.

Payments are not spending, so they are left out, and so is the trash. A fixed number of
queries whatever the group's size: the totals by category and day (folded into months here),
the members' names, and paid and owed by member (over all time, every live share less the
payments' shares, so the covering balance index serves it). Every figure is a sum of whole
cents, so the totals agree exactly: Σ by category = Σ by month = Σ paid = Σ owed = total.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

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
    cells = expenses.values_list("category", "date").annotate(total=Sum("group_amount"))
    by_category: dict[str, Decimal] = {}
    by_month: dict[str, Decimal] = {}
    for category, day, total in cells.order_by():
        by_category[category] = by_category.get(category, ZERO) + total
        month = f"{day.year:04d}-{day.month:02d}"
        by_month[month] = by_month.get(month, ZERO) + total

    names = dict(GroupMember.objects.filter(group=group).values_list("pk", "name"))
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
            for member, (paid, owed) in sorted(_member_totals(group, in_range).items())
            if paid or owed
        ],
        date_after=date_after,
        date_before=date_before,
    )


def _member_totals(group: Group, in_range: dict) -> dict[int, tuple[Decimal, Decimal]]:
    """What each member paid and owes over the group's expenses in the range."""
    if in_range:
        # Driven from the expenses' (group, date) index: the cost follows the range.
        expense_range = {f"expense__{key}": value for key, value in in_range.items()}
        return _sums(
            Share.objects.live().filter(
                expense__group=group, expense__kind=Expense.Kind.EXPENSE, **expense_range
            )
        )
    # Over all time: every share (one scan of the covering balance index, as balances do)
    # less the payments' shares (a small part, found through the expenses).
    everything = _sums(Share.objects.live().filter(group=group))
    payments = _sums(
        Share.objects.live().filter(expense__group=group, expense__kind=Expense.Kind.PAYMENT)
    )
    return {
        member: (
            paid - payments.get(member, (ZERO, ZERO))[0],
            owed - payments.get(member, (ZERO, ZERO))[1],
        )
        for member, (paid, owed) in everything.items()
    }


def _sums(shares) -> dict[int, tuple[Decimal, Decimal]]:
    rows = shares.values_list("member_id").annotate(paid=Sum("paid"), owed=Sum("owed")).order_by()
    return {member: (paid, owed) for member, paid, owed in rows}
