"""How a write changes the maintained totals: each member's paid and owed, and the spending per day.

A write takes some entries out of the totals (an edit's old version, a trashed expense) and
puts others in (a new expense, the edit's new version, a restore); the totals move by the
difference. Members' totals count expenses and payments alike; the spending per day (by
category, and by member) counts expenses only, since a payment is nobody's spending. Pure:
the services apply the movement in the write's transaction (groups/services/totals.py).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0.00")

# One share as the totals see it: (member id, paid, owed).
ShareRow = tuple[int, Decimal, Decimal]
# How much each member's paid and owed totals move.
Change = dict[int, tuple[Decimal, Decimal]]
# How much a day's spending in a category moves, by (date, category).
DayChange = dict[tuple[datetime.date, str], Decimal]
# How much a member's paid and owed of a day's spending move, by (member id, date).
MemberDayChange = dict[tuple[int, datetime.date], tuple[Decimal, Decimal]]


@dataclass(frozen=True)
class Entry:
    """An expense or payment as the totals count it while it is live."""

    is_spending: bool  # an expense; a payment is not
    date: datetime.date
    category: str
    amount: Decimal  # in the group's currency: Σ paid = Σ owed = amount
    shares: tuple[ShareRow, ...]


@dataclass(frozen=True)
class Movement:
    """What one write moves; empty when it moves nothing."""

    members: Change = field(default_factory=dict)
    days: DayChange = field(default_factory=dict)
    member_days: MemberDayChange = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.members or self.days or self.member_days)


def net_change(removed: Iterable[ShareRow] = (), added: Iterable[ShareRow] = ()) -> Change:
    """Each member's (paid, owed) movement from ``removed`` to ``added``; unmoved ones left out."""
    change: Change = {}
    for sign, rows in ((-1, removed), (1, added)):
        for member_id, paid, owed in rows:
            paid_so_far, owed_so_far = change.get(member_id, (ZERO, ZERO))
            change[member_id] = (paid_so_far + sign * paid, owed_so_far + sign * owed)
    return {member_id: moved for member_id, moved in change.items() if any(moved)}


def movement(removed: Iterable[Entry] = (), added: Iterable[Entry] = ()) -> Movement:
    """Everything the totals move when ``removed`` stop counting and ``added`` start to."""
    removed, added = list(removed), list(added)
    days: DayChange = {}
    member_days: dict[tuple[int, datetime.date], tuple[Decimal, Decimal]] = {}
    for sign, entries in ((-1, removed), (1, added)):
        for entry in entries:
            if not entry.is_spending:
                continue
            day = (entry.date, entry.category)
            days[day] = days.get(day, ZERO) + sign * entry.amount
            for member_id, paid, owed in entry.shares:
                key = (member_id, entry.date)
                paid_so_far, owed_so_far = member_days.get(key, (ZERO, ZERO))
                member_days[key] = (paid_so_far + sign * paid, owed_so_far + sign * owed)
    return Movement(
        members=net_change(
            removed=(row for entry in removed for row in entry.shares),
            added=(row for entry in added for row in entry.shares),
        ),
        days={key: amount for key, amount in days.items() if amount},
        member_days={key: moved for key, moved in member_days.items() if any(moved)},
    )
