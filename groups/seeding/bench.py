"""A large, realistic group for benchmarks: generated as plain values, written in bulk.

``generate_expenses`` is pure: expenses and payments with their shares as plain values, split
by ``groups.domain.money.split_amount`` so every invariant of a share holds. ``seed_group``
creates the members through the services and writes the expenses in batches inside one
transaction.
"""

import itertools
import random
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from groups.domain.currencies import rate_to_units
from groups.domain.money import SPLIT_METHODS, from_cents, split_amount
from groups.models import Expense, Group, GroupMember
from groups.services import totals
from groups.services.groups import group_create
from groups.services.managers import member_set_manager
from groups.services.members import member_add

SPLITS = tuple(SPLIT_METHODS)
SPLIT_WEIGHTS = (55, 15, 15, 15)
PAYMENT_RATIO = 0.08
TWO_PAYERS_RATIO = 0.1
MAX_PARTICIPANTS = 6
HISTORY_DAYS = 3 * 365
# Expenses generated, written and forgotten at a time, so memory stays flat whatever N is.
CHUNK = 5_000
DESCRIPTIONS = {
    "food": ("Groceries", "Dinner", "Lunch", "Pizza", "Breakfast", "Coffee"),
    "transport": ("Taxi", "Train tickets", "Fuel", "Parking", "Ferry"),
    "utilities": ("Rent", "Electricity", "Internet", "Cleaning", "Repairs"),
    "entertainment": ("Cinema", "Concert", "Museum", "Drinks", "Boat trip"),
}


@dataclass(frozen=True)
class GeneratedExpense:
    """An expense or payment in cents, its shares as (member id, paid, owed), one per member."""

    kind: str
    split: str
    description: str
    category: str
    date: Date
    amount_cents: int
    shares: tuple[tuple[int, int, int], ...]


@dataclass(frozen=True)
class SeedResult:
    """What ``seed_group`` created, and how long it took."""

    group: Group
    owner: User
    members: list[GroupMember]
    expenses: int
    payments: int
    shares: int
    seconds: float


def generate_expenses(
    rng: random.Random, member_ids: Sequence[int], count: int, *, today: Date
) -> Iterator[GeneratedExpense]:
    """Yield ``count`` expenses and payments among ``member_ids`` (at least two), oldest first."""
    if len(set(member_ids)) < 2:
        raise ValueError("A group needs at least two members to share expenses.")
    first_day = today - timedelta(days=HISTORY_DAYS)
    for index in range(count):
        day = first_day + timedelta(days=index * HISTORY_DAYS // max(count, 1))
        if rng.random() < PAYMENT_RATIO:
            yield _payment(rng, member_ids, day)
        else:
            yield _expense(rng, member_ids, day)


def balances_of(expenses: Iterable[GeneratedExpense]) -> dict[int, Decimal]:
    """Every member's balance (paid minus owed) over generated expenses, computed in Python."""
    cents: Counter[int] = Counter()
    for expense in expenses:
        for member_id, paid, owed in expense.shares:
            cents[member_id] += paid - owed
    return {member_id: from_cents(total) for member_id, total in cents.items()}


def _expense(rng: random.Random, member_ids: Sequence[int], day: Date) -> GeneratedExpense:
    amount_cents = _amount_cents(rng)
    participants = rng.sample(member_ids, rng.randint(1, min(MAX_PARTICIPANTS, len(member_ids))))
    split = rng.choices(SPLITS, SPLIT_WEIGHTS)[0]
    if split == "exact":
        values = [from_cents(c) for c in _random_parts(rng, amount_cents, len(participants))]
    elif split == "percent":
        values = [Decimal(p) for p in _random_parts(rng, 100, len(participants))]
    elif split == "shares":
        values = [Decimal(rng.randint(1, 4)) for _ in participants]
    else:
        values = [None] * len(participants)
    # split_amount returns whole cents, so scaling by 100 is exact (and much faster than
    # to_cents, which this loop would call a few hundred thousand times).
    owed = [int(part * 100) for part in split_amount(from_cents(amount_cents), split, values)]

    if rng.random() < TWO_PAYERS_RATIO:
        payers = rng.sample(member_ids, 2)
        paid = _random_parts(rng, amount_cents, 2)
    else:
        payers, paid = [rng.choice(member_ids)], [amount_cents]

    # One row per member, as the expense service writes them: a payer who also takes part
    # has both columns on the same row.
    rows = {member_id: [part, 0] for member_id, part in zip(payers, paid, strict=True)}
    for member_id, part in zip(participants, owed, strict=True):
        rows.setdefault(member_id, [0, 0])[1] = part
    category = rng.choice(tuple(DESCRIPTIONS))
    return GeneratedExpense(
        kind=Expense.Kind.EXPENSE,
        split=split,
        description=rng.choice(DESCRIPTIONS[category]),
        category=category,
        date=day,
        amount_cents=amount_cents,
        shares=tuple((member_id, p, o) for member_id, (p, o) in rows.items()),
    )


def _payment(rng: random.Random, member_ids: Sequence[int], day: Date) -> GeneratedExpense:
    payer, payee = rng.sample(member_ids, 2)
    amount_cents = _amount_cents(rng)
    return GeneratedExpense(
        kind=Expense.Kind.PAYMENT,
        split=Expense.Split.EXACT,
        description="Payment",
        category="",
        date=day,
        amount_cents=amount_cents,
        shares=((payer, amount_cents, 0), (payee, 0, amount_cents)),
    )


def _amount_cents(rng: random.Random) -> int:
    """Mostly everyday amounts (median 30.00), now and then rent-sized, never below 1.00."""
    return min(max(round(rng.lognormvariate(8.0, 1.0)), 100), 500_000)


def _random_parts(rng: random.Random, total: int, count: int) -> list[int]:
    """``count`` positive whole numbers adding up to ``total`` (at least ``count``)."""
    cuts = sorted(rng.sample(range(1, total), count - 1))
    return [b - a for a, b in itertools.pairwise([0, *cuts, total])]


# --- writing --------------------------------------------------------------------------------

# Every benchmark expense is in the group's currency: rate 1 (10^10 units, as RateField
# stores it) and a group amount equal to its amount.
EXPENSE_INSERT = (
    "INSERT INTO expenses (group_id, kind, split, description, category, notes, "
    "legacy_category, date, amount, currency, exchange_rate, group_amount, created_by_id, "
    "created_at, updated_at) VALUES {values} RETURNING id"
)
RATE_ONE = rate_to_units(Decimal(1))
SHARE_COLUMNS = "expense_shares (expense_id, group_id, member_id, paid, owed)"
SHARE_INSERT = f"INSERT INTO {SHARE_COLUMNS} VALUES {{values}}"
SHARE_COPY = f"COPY {SHARE_COLUMNS} FROM STDIN"


def seed_group(
    *,
    name: str,
    members: int,
    expenses: int,
    seed: int = 0,
    today: Date | None = None,
    guest_ratio: float = 0.4,
) -> SeedResult:
    """Create a group of ``members`` with ``expenses`` expenses and payments, in one transaction.

    The first member (a registered user) is the group's admin; a few others are guests, and a
    couple of guests are managed by someone, so households show in the balances. The expenses
    are ``generate_expenses(random.Random(seed), member ids, expenses, today=today)``.
    """
    if members < 2:
        raise ValueError("A group needs at least two members to share expenses.")
    today = today or timezone.localdate()
    started = time.perf_counter()
    with transaction.atomic():
        owner, group, member_list = _create_members(random.Random(seed), name, members, guest_ratio)
        generated = generate_expenses(
            random.Random(seed), [m.pk for m in member_list], expenses, today=today
        )
        written = _write_expenses(group, owner, generated)
        # Written in bulk, below the services that keep the members' totals: set them once.
        totals.recompute(group.pk)
    # Measured after the commit, which on PostgreSQL runs the deferred foreign-key checks.
    return SeedResult(group, owner, member_list, *written, seconds=time.perf_counter() - started)


def _create_members(
    rng: random.Random, name: str, count: int, guest_ratio: float
) -> tuple[User, Group, list[GroupMember]]:
    prefix = _free_username_prefix(slugify(name) or "bench")
    guests = set(rng.sample(range(1, count), round((count - 1) * guest_ratio)))
    # Hashing a real password takes a good part of a second; these accounts never log in
    # (the benchmark uses a token), so they get an unusable password instead.
    users = User.objects.bulk_create(
        User(username=f"{prefix}{index}", password=make_password(None))
        for index in range(count)
        if index not in guests
    )
    owner, *others = users
    group = group_create(creator=owner, name=name)
    admin = group.members.get(user=owner)
    member_list = [admin]
    other_users = iter(others)
    for index in range(1, count):
        if index in guests:
            member_list.append(member_add(group=group, name=f"Guest {index}"))
        else:
            member_list.append(member_add(group=group, user=next(other_users)))
    _set_households(member_list, admin)
    return owner, group, member_list


def _free_username_prefix(base: str) -> str:
    """A username prefix no account uses yet, so a database can hold several bench groups."""
    for attempt in itertools.count(1):
        prefix = f"{base}-" if attempt == 1 else f"{base}{attempt}-"
        if not User.objects.filter(username__startswith=prefix).exists():
            return prefix
    raise AssertionError("unreachable")


def _set_households(members: list[GroupMember], admin: GroupMember) -> None:
    """A guest managed by a registered member, and one managed by a guest heading a household."""
    guests = [m for m in members if m.is_guest]
    registered = [m for m in members[1:] if not m.is_guest]
    if registered and guests:
        member_set_manager(member=guests.pop(), actor=admin, manager_id=registered[0].pk)
    if len(guests) >= 2:
        member_set_manager(member=guests.pop(), actor=admin, manager_id=guests[0].pk)


def _write_expenses(
    group: Group, owner: User, generated: Iterator[GeneratedExpense]
) -> tuple[int, int, int]:
    """Insert the expenses and their shares as tuples of plain values, a chunk at a time.

    Measured at 30,000 expenses, Django's bulk_create spent 140 us per expense preparing
    model fields, more than generating the expense; tuples of integer cents are exactly what
    MoneyField stores, and the database's constraints still check every row.
    """
    expense_count = payment_count = share_count = 0
    adapt_date = connection.ops.adapt_datefield_value
    adapt_datetime = connection.ops.adapt_datetimefield_value
    now = timezone.now()
    with connection.cursor() as cursor:
        while chunk := list(itertools.islice(generated, CHUNK)):
            expense_rows = [
                (
                    group.pk,
                    item.kind,
                    item.split,
                    item.description,
                    item.category,
                    "",
                    "",
                    adapt_date(item.date),
                    item.amount_cents,
                    group.currency,
                    RATE_ONE,
                    item.amount_cents,
                    owner.pk,
                    adapt_datetime(min(_noon(item.date), now)),
                    adapt_datetime(now),
                )
                for item in chunk
            ]
            expense_ids = _insert(cursor, EXPENSE_INSERT, expense_rows)
            share_rows = [
                (expense_id, group.pk, member_id, paid, owed)
                for expense_id, item in zip(expense_ids, chunk, strict=True)
                for member_id, paid, owed in item.shares
            ]
            if connection.vendor == "postgresql":
                # COPY: half the time of multi-row INSERTs for the bulk of the rows.
                with cursor.cursor.copy(SHARE_COPY) as copy:
                    for row in share_rows:
                        copy.write_row(row)
            else:
                _insert(cursor, SHARE_INSERT, share_rows)
            expense_count += len(chunk)
            payment_count += sum(item.kind == Expense.Kind.PAYMENT for item in chunk)
            share_count += len(share_rows)
    return expense_count, payment_count, share_count


def _insert(cursor, statement: str, rows: list[tuple]) -> list[int]:
    """Insert rows with multi-row INSERTs; the new ids in the order of ``rows``, if RETURNING.

    One statement per row (executemany) costs PostgreSQL a parse and a plan per row.
    """
    width = len(rows[0])
    # Django's limit for SQLite is 999 parameters a statement; PostgreSQL takes many more.
    per_statement = min((connection.features.max_query_params or 10_000) // width, 1_000)
    ids = []
    for start in range(0, len(rows), per_statement):
        batch = rows[start : start + per_statement]
        values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(batch))
        cursor.execute(statement.format(values=values), [value for row in batch for value in row])
        if "RETURNING" in statement:
            # RETURNING promises no order, but one statement's rows get rising ids in the
            # order of VALUES (an SQLite rowid and a PostgreSQL sequence both only grow).
            ids.extend(sorted(row_id for (row_id,) in cursor.fetchall()))
    return ids


def _noon(day: Date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=timezone.get_current_timezone())
