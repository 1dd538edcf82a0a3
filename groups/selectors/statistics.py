"""What a group spent, by category, by month and by member, in the group's currency.

Payments are not spending, and the trash counts for nothing, so both are left out. Read from
the spending per day the writes maintain (groups/models/spending.py), so the cost follows the
days in the range, not the expenses: two queries whatever the group's size, one over the
days by category (months are folded here) and one summing the days by member, with the
members' names. Every figure is a sum of whole cents, so the totals agree exactly:
Σ by category = Σ by month = Σ paid = Σ owed = total.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from groups.models import DaySpending, Group, GroupMember, MemberDaySpending

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

    days = DaySpending.objects.filter(group=group, **in_range)
    by_category = dict(days.values_list("category").annotate(total=Sum("amount")).order_by())
    # Summed by day in the database, folded into months here: no date function per row.
    by_month: dict[str, Decimal] = {}
    for day, total in days.values_list("date").annotate(total=Sum("amount")).order_by():
        month = f"{day.year:04d}-{day.month:02d}"
        by_month[month] = by_month.get(month, ZERO) + total

    names = dict(GroupMember.objects.filter(group=group).values_list("pk", "name"))
    members = (
        MemberDaySpending.objects.filter(group=group, **in_range)
        .values_list("member_id")
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
        by_member=[
            MemberTotal(member, names[member], paid, owed)
            for member, paid, owed in members
            if paid or owed
        ],
        date_after=date_after,
        date_before=date_before,
    )
