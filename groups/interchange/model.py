"""A group as plain values, neutral between the formats it is read from and written to.

Every reader turns a file into a ``GroupFile``; ``resolve`` turns that into exact cents; the
writers turn a group read from the database into our JSON or CSV. The model has a place
for everything an export carries: currencies and rates, categories, notes, comments, the
trash, recurring series.
"""

from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from decimal import Decimal

EXPENSE, PAYMENT = "expense", "payment"
KINDS = (EXPENSE, PAYMENT)
ADMIN, MEMBER = "admin", "member"


@dataclass(slots=True)
class Person:
    """Someone in the group; ``key`` identifies them within the file."""

    key: str
    name: str
    line: int = 0
    username: str | None = None
    role: str = MEMBER
    active: bool = True
    managed_by: str | None = None  # the manager's key
    weight: Decimal = Decimal(1)  # a peer's per-member weight (IHateMoney, Cospend)
    where: tuple | None = None  # its path in a JSON file, when ``line`` is not known


@dataclass(slots=True)
class Comment:
    author: str | None  # a username, or None
    text: str
    created_at: datetime | None = None


@dataclass(slots=True)
class Recurrence:
    """A rule that repeats an expense: every ``interval`` days, weeks, months or years.

    Our own export also says where the series stands: the index and date of the next
    occurrence not yet created, why it paused, whether it was stopped, and which expenses
    are its occurrences (by key, with their dates). A peer's rule starts afresh.
    """

    every: str  # day | week | month | year
    interval: int = 1
    until: Date | None = None
    active: bool = True
    first_date: Date | None = None  # None: the expense's date
    next_index: int | None = None  # None: from the start (occurrence 1)
    next_date: Date | None = None
    paused_reason: str = ""
    stopped: bool = False
    occurrences: list[tuple[Date, str]] = field(default_factory=list)  # (date, expense key)


@dataclass(slots=True)
class Original:
    """What a peer says an expense was in another currency; informational only.

    Spliit keeps an expense's amount and parts in the group's currency and the original
    amount beside them; balances use the group's amount.
    """

    amount: Decimal
    currency: str
    rate: Decimal | None


@dataclass(slots=True)
class Entry:
    """An expense or a payment, described as the file describes it.

    Money is either ``shares``: every person's exact paid and owed, in the group's currency
    (our own format), or a split to compute: ``payers`` with amounts and ``participants``
    with the values ``split`` needs (nothing for equal, amounts for exact, percentages,
    weights for shares), all in the entry's ``currency``.
    """

    line: int
    kind: str
    description: str
    date: Date
    amount: Decimal  # positive, in ``currency``
    currency: str | None = None  # None: the group's
    exchange_rate: Decimal | None = None  # group-currency units for one unit of ``currency``
    group_amount: Decimal | None = None  # the amount in the group's currency, if the file says
    split: str = "equal"
    payers: list[tuple[str, Decimal]] = field(default_factory=list)
    participants: list[tuple[str, Decimal | None]] = field(default_factory=list)
    shares: list[tuple[str, Decimal, Decimal]] | None = None  # (key, paid, owed)
    category: str = ""  # a declared or default slug, or a category's name (peers)
    notes: str = ""
    comments: list[Comment] = field(default_factory=list)
    deleted: bool = False
    recurrence: Recurrence | None = None
    original: Original | None = None
    created_at: datetime | None = None
    key: str | None = None
    where: tuple | None = None  # its path in a JSON file, when ``line`` is not known


@dataclass(slots=True)
class Rate:
    currency: str
    rate: Decimal
    date: Date | None = None


@dataclass(slots=True)
class Category:
    """A category a file declares by slug (our own export): expenses name it by ``slug``."""

    slug: str
    name: str


@dataclass
class GroupFile:
    """What a file holds, before any money is turned into cents."""

    format: str
    name: str | None = None
    currency: str | None = None  # None: the file does not say
    members: list[Person] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
