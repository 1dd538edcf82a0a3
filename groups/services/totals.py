"""The maintained totals: kept in step with the shares by every write that changes them.

Two kinds: each member's paid and owed over the group's live expenses and payments (balances,
households and settle-up read them), and the group's spending per day, by category and by
member, over its live expenses (statistics read it; groups/models/spending.py).

Each write that adds, replaces, trashes or restores an expense or payment calls ``count`` /
``uncount`` / ``recount`` with its entries inside its transaction, under the group lock it
holds, so the totals move exactly when the shares do. Writes of a whole group at once (an
import, seeded data) call ``recompute`` instead. ``drift`` and ``reconcile`` are for
reconcile_balances.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Case, F, Sum, Value, When

from groups.domain.money import to_cents
from groups.domain.totals import ZERO, Entry, Movement, ShareRow, movement
from groups.fields import MoneyField
from groups.models import DaySpending, Expense, GroupMember, MemberDaySpending, Share
from groups.services import bulk
from groups.services.activity import plain, record
from groups.services.common import lock_group


@dataclass(frozen=True)
class Drift:
    """A member whose stored totals differ from their live shares' sums."""

    member: GroupMember
    paid: Decimal  # as the shares say
    owed: Decimal


@dataclass(frozen=True)
class GroupDrift:
    """Where a group's stored totals differ from its live expenses and shares."""

    members: list[Drift] = field(default_factory=list)
    # The days whose stored spending (by category, or by member) differs.
    days: list[datetime.date] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.members or self.days)


def entry(expense: Expense, shares: Iterable[ShareRow] | None = None) -> Entry:
    """``expense`` as the totals count it; its shares are read unless given."""
    return Entry(
        is_spending=expense.kind == Expense.Kind.EXPENSE,
        date=expense.date,
        category=expense.category,
        amount=expense.group_amount,
        shares=tuple(share_rows(expense) if shares is None else shares),
    )


def moved_to(old: Entry, expense: Expense) -> Entry:
    """``old`` with the day and category ``expense`` has now: same shares, nothing read."""
    return replace(old, date=expense.date, category=expense.category)


def share_rows(expense: Expense) -> list[ShareRow]:
    """The expense's shares as (member id, paid, owed), read once."""
    return list(Share.objects.filter(expense=expense).values_list("member_id", "paid", "owed"))


def count(group_id: int, new: Entry) -> None:
    """A new or restored expense or payment starts counting."""
    apply(group_id, movement(added=[new]))


def uncount(group_id: int, old: Entry) -> None:
    """A trashed expense or payment stops counting."""
    apply(group_id, movement(removed=[old]))


def recount(group_id: int, old: Entry, new: Entry) -> None:
    """An edit: the totals move by the difference only."""
    apply(group_id, movement(removed=[old], added=[new]))


def apply(group_id: int, moved: Movement) -> None:
    """Move the totals: one statement for the members, one per kind of daily spending moved."""
    if moved.members:
        GroupMember.objects.filter(pk__in=moved.members).update(
            total_paid=F("total_paid")
            + _by_member({m: paid for m, (paid, _) in moved.members.items()}),
            total_owed=F("total_owed")
            + _by_member({m: owed for m, (_, owed) in moved.members.items()}),
        )
    day = connection.ops.adapt_datefield_value
    bulk.add(
        DaySpending,
        ("group", "date", "category"),
        ("amount",),
        [
            (group_id, day(date), category, to_cents(amount))
            for (date, category), amount in moved.days.items()
        ],
    )
    bulk.add(
        MemberDaySpending,
        ("group", "date", "member"),
        ("paid", "owed"),
        [
            (group_id, day(date), member_id, to_cents(paid), to_cents(owed))
            for (member_id, date), (paid, owed) in moved.member_days.items()
        ],
    )


def recompute(group_id: int) -> None:
    """Set all the group's totals from its live expenses and shares (after a bulk write)."""
    for row in member_drift(group_id):
        _store(row)
    _store_spending(group_id, *spending_sums(group_id))


def drift(group_id: int) -> GroupDrift:
    """Where the group's stored totals are not what its live expenses and shares add up to."""
    return GroupDrift(members=member_drift(group_id), days=spending_drift(group_id))


def member_drift(group_id: int) -> list[Drift]:
    """The group's members whose stored totals are not their live shares' sums."""
    sums = share_sums(group_id)
    return [
        Drift(member, *sums.get(member.pk, (ZERO, ZERO)))
        for member in GroupMember.objects.filter(group_id=group_id).order_by("pk")
        if (member.total_paid, member.total_owed) != sums.get(member.pk, (ZERO, ZERO))
    ]


def spending_drift(group_id: int) -> list[datetime.date]:
    """The days whose stored spending, by category or by member, is not the expenses' sums."""
    live_days, live_member_days = spending_sums(group_id)
    stored_days, stored_member_days = stored_spending(group_id)
    differ = {
        date
        for date, category in live_days.keys() | stored_days.keys()
        if live_days.get((date, category)) != stored_days.get((date, category))
    }
    differ |= {
        date
        for member_id, date in live_member_days.keys() | stored_member_days.keys()
        if live_member_days.get((member_id, date)) != stored_member_days.get((member_id, date))
    }
    return sorted(differ)


@transaction.atomic
def reconcile(group_id: int, *, fix: bool) -> GroupDrift:
    """The group's drift, read under its lock; with ``fix``, repaired and logged."""
    group = lock_group(group_id)
    found = drift(group_id)
    if fix and found:
        for row in found.members:
            _store(row)
        if found.days:
            _store_spending(group_id, *spending_sums(group_id))
        changes = {
            row.member.name: {
                "before": {"paid": row.member.total_paid, "owed": row.member.total_owed},
                "after": {"paid": row.paid, "owed": row.owed},
            }
            for row in found.members
        }
        if found.days:
            changes["spending_days"] = [date.isoformat() for date in found.days]
        record(
            actor=None,
            group=group,
            action="balances.reconciled",
            changes=plain(changes),
            summary=_repair_summary(found),
        )
    return found


def _repair_summary(found: GroupDrift) -> str:
    parts = []
    if found.members:
        parts.append("the balances of " + ", ".join(row.member.name for row in found.members))
    if found.days:
        days = len(found.days)
        parts.append(f"the spending of {days} day{'s' if days != 1 else ''}")
    return "Recomputed from the expenses: " + " and ".join(parts)


def _store(row: Drift) -> None:
    GroupMember.objects.filter(pk=row.member.pk).update(total_paid=row.paid, total_owed=row.owed)


def share_sums(group_id: int) -> dict[int, tuple[Decimal, Decimal]]:
    """Each member's (paid, owed) over the group's live shares: what the totals must equal.

    One range scan of the partial covering index share_group_balance, which holds live shares
    only (tests/selectors/test_balance_query_plan.py pins it).
    """
    rows = (
        Share.objects.live()
        .filter(group_id=group_id)
        .values_list("member_id")
        .annotate(paid=Sum("paid"), owed=Sum("owed"))
        .order_by()
    )
    return {member_id: (paid, owed) for member_id, paid, owed in rows}


SpendingSums = tuple[
    dict[tuple[datetime.date, str], Decimal],
    dict[tuple[int, datetime.date], tuple[Decimal, Decimal]],
]


def spending_sums(group_id: int) -> SpendingSums:
    """The group's live expenses summed by (day, category), and their shares by (member, day).

    What the stored spending must equal; zero sums left out, as in ``stored_spending``.
    """
    days = (
        Expense.objects.live()
        .filter(group_id=group_id, kind=Expense.Kind.EXPENSE)
        .values_list("date", "category")
        .annotate(amount=Sum("group_amount"))
        .order_by()
    )
    member_days = (
        Share.objects.live()
        .filter(group_id=group_id, expense__kind=Expense.Kind.EXPENSE)
        .values_list("member_id", "expense__date")
        .annotate(paid=Sum("paid"), owed=Sum("owed"))
        .order_by()
    )
    return (
        {(date, category): amount for date, category, amount in days if amount},
        {(member, date): (paid, owed) for member, date, paid, owed in member_days if paid or owed},
    )


def stored_spending(group_id: int) -> SpendingSums:
    """The group's stored spending per day, in the shape of ``spending_sums``."""
    days = DaySpending.objects.filter(group_id=group_id).values_list("date", "category", "amount")
    member_days = MemberDaySpending.objects.filter(group_id=group_id).values_list(
        "member_id", "date", "paid", "owed"
    )
    return (
        {(date, category): amount for date, category, amount in days if amount},
        {(member, date): (paid, owed) for member, date, paid, owed in member_days if paid or owed},
    )


def _store_spending(group_id: int, days, member_days) -> None:
    """Replace the group's stored spending with ``days`` and ``member_days``."""
    DaySpending.objects.filter(group_id=group_id).delete()
    MemberDaySpending.objects.filter(group_id=group_id).delete()
    day = connection.ops.adapt_datefield_value
    bulk.insert(
        DaySpending,
        ("group", "date", "category", "amount"),
        [
            (group_id, day(date), category, to_cents(amount))
            for (date, category), amount in days.items()
        ],
    )
    bulk.insert(
        MemberDaySpending,
        ("group", "date", "member", "paid", "owed"),
        [
            (group_id, day(date), member_id, to_cents(paid), to_cents(owed))
            for (member_id, date), (paid, owed) in member_days.items()
        ],
    )


def _by_member(amounts: dict[int, Decimal]) -> Case:
    money = MoneyField()
    return Case(
        *(
            When(pk=member_id, then=Value(amount, output_field=money))
            for member_id, amount in amounts.items()
            if amount
        ),
        default=Value(ZERO, output_field=money),
        output_field=money,
    )
