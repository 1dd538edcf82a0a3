"""What a group spent, by category, by month and by member, in the group's currency.

Payments are not spending, so they are left out. Three aggregate queries, whatever the
group's size: totals by category and month together, then paid and owed by member. Every
figure is a sum of whole cents, so the totals agree exactly:
Σ by category = Σ by month = Σ paid = Σ owed = total.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from groups.models import Expense, Group, Share

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
    expenses = Expense.objects.filter(group=group, kind=Expense.Kind.EXPENSE)
    shares = Share.objects.filter(group=group, expense__kind=Expense.Kind.EXPENSE)
    if date_after is not None:
        expenses = expenses.filter(date__gte=date_after)
        shares = shares.filter(expense__date__gte=date_after)
    if date_before is not None:
        expenses = expenses.filter(date__lte=date_before)
        shares = shares.filter(expense__date__lte=date_before)

    # One row per (category, month) that has expenses: never more than categories by months.
    cells = (
        expenses.annotate(month=TruncMonth("date"))
        .values_list("category", "month")
        .annotate(total=Sum("group_amount"))
        .order_by()
    )
    by_category: dict[str, Decimal] = {}
    by_month: dict[str, Decimal] = {}
    for category, month, total in cells:
        by_category[category] = by_category.get(category, ZERO) + total
        key = _month_key(month)
        by_month[key] = by_month.get(key, ZERO) + total

    members = (
        shares.values_list("member_id", "member__name")
        .annotate(paid=Sum("paid"), owed=Sum("owed"))
        .order_by("member_id")
    )
    return Statistics(
        currency=group.currency,
        total=sum(by_category.values(), ZERO),
        by_category=[
            CategoryTotal(category, total)
            for category, total in sorted(by_category.items(), key=lambda item: (-item[1], item[0]))
            if total
        ],
        by_month=[MonthTotal(month, total) for month, total in sorted(by_month.items()) if total],
        by_member=[MemberTotal(m, name, paid, owed) for m, name, paid, owed in members],
        date_after=date_after,
        date_before=date_before,
    )


def _month_key(month: datetime.date | datetime.datetime | str) -> str:
    # TruncMonth of a DateField gives a date on every backend Django supports.
    if isinstance(month, str):
        return month[:7]
    return f"{month.year:04d}-{month.month:02d}"
