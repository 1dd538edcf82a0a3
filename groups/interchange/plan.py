"""An import ready to write: people and entries with every share in exact cents."""

from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime

from groups.interchange.model import PAYMENT


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
    line: int
    kind: str
    description: str
    date: Date
    category: str
    split: str
    amount: int  # cents, in the group's currency
    shares: list[tuple[int, int, int]]  # (member index, paid cents, owed cents)
    created_at: datetime | None = None


@dataclass
class Plan:
    format: str
    name: str
    currency: str
    members: list[PlannedMember]
    entries: list[PlannedEntry]
    warnings: list[str] = field(default_factory=list)

    @property
    def payments(self) -> int:
        return sum(entry.kind == PAYMENT for entry in self.entries)

    @property
    def expenses(self) -> int:
        return len(self.entries) - self.payments

    @property
    def total(self) -> int:
        """What the expenses (not the payments) add up to, in cents."""
        return sum(entry.amount for entry in self.entries if entry.kind != PAYMENT)

    def balances(self) -> list[int]:
        """Every member's balance in cents (paid minus owed), in the order of ``members``."""
        cents = [0] * len(self.members)
        for entry in self.entries:
            for index, paid, owed in entry.shares:
                cents[index] += paid - owed
        return cents
