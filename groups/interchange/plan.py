"""An import ready to write: people and entries with every share in exact cents."""

from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from decimal import Decimal

from groups.interchange.model import PAYMENT, Comment, Rate


@dataclass(slots=True)
class PlannedMember:
    key: str
    name: str
    line: int
    username: str | None
    role: str
    active: bool
    manager: int | None  # index of the manager in Plan.members


@dataclass(slots=True)
class PlannedEntry:
    """One expense or payment as it is written: ``amount`` in ``currency``, shares in the
    group's currency summing to ``group_amount``; ``category`` a default slug or one of
    ``Plan.categories``."""

    line: int
    kind: str
    description: str
    date: Date
    category: str
    split: str
    group_amount: int  # cents, in the group's currency
    shares: list[tuple[int, int, int]]  # (member index, paid cents, owed cents)
    amount: int = 0  # cents, in ``currency``
    currency: str = ""
    exchange_rate: Decimal = Decimal(1)
    notes: str = ""
    comments: list[Comment] = field(default_factory=list)
    deleted: bool = False
    created_at: datetime | None = None


@dataclass(slots=True)
class PlannedSeries:
    """A repeating expense: its first occurrence and those created since, by entry index."""

    entry: int
    every: str
    interval: int
    until: Date | None
    first_date: Date
    next_index: int
    next_date: Date | None
    active: bool
    paused_reason: str
    stopped: bool
    occurrences: list[tuple[Date, int]]  # (date, entry index)


@dataclass
class Plan:
    format: str
    name: str
    currency: str
    members: list[PlannedMember]
    entries: list[PlannedEntry]
    warnings: list[str] = field(default_factory=list)
    categories: list[tuple[str, str]] = field(default_factory=list)  # (slug, name) to create
    rates: list[Rate] = field(default_factory=list)
    series: list[PlannedSeries] = field(default_factory=list)

    @property
    def payments(self) -> int:
        """Payments that count (not in the trash)."""
        return sum(entry.kind == PAYMENT and not entry.deleted for entry in self.entries)

    @property
    def expenses(self) -> int:
        """Expenses that count (not in the trash)."""
        return sum(entry.kind != PAYMENT and not entry.deleted for entry in self.entries)

    @property
    def total(self) -> int:
        """What the expenses (not the payments, nor the trash) add up to, in group cents."""
        return sum(
            entry.group_amount
            for entry in self.entries
            if entry.kind != PAYMENT and not entry.deleted
        )

    def balances(self) -> list[int]:
        """Every member's balance in cents (paid minus owed), in the order of ``members``."""
        cents = [0] * len(self.members)
        for entry in self.entries:
            if entry.deleted:
                continue
            for index, paid, owed in entry.shares:
                cents[index] += paid - owed
        return cents
