"""A group read for export: its members, then its expenses and payments a chunk at a time.

Nothing here holds more than one chunk of expenses and their shares: an export of any size
runs in the same memory. The rows are read as plain values (no model instances, money as the
stored cents), which is what makes 100,000 expenses fast to read.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from itertools import islice

from django.db import connection, transaction
from django.db.models import BigIntegerField, ExpressionWrapper, F, QuerySet

from groups import references
from groups.domain.currencies import rate_from_units, rate_to_units
from groups.interchange.model import Category, Comment, Entry, Person, Rate
from groups.models import Category as CategoryModel
from groups.models import Comment as ExpenseComment
from groups.models import (
    ExchangeRate,
    Expense,
    Group,
    GroupMember,
    Share,
)
from groups.selectors.export_series import SeriesExport

# Expenses per query (their shares in one more); under SQLite's old limit of 999 parameters.
CHUNK = 900


@contextmanager
def read_snapshot() -> Iterator[None]:
    """Every read inside sees the database as it was at the first one, writers carry on.

    So an expense deleted while an export runs is either in the file with all its shares or
    not at all. PostgreSQL: a read-only REPEATABLE READ transaction. SQLite: a deferred
    transaction, which (in WAL mode) reads one snapshot and takes no write lock, unlike the
    IMMEDIATE transactions ``atomic`` opens there. Inside an open transaction, that one.
    """
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    else:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")


def cents(column: str) -> ExpressionWrapper:
    """A money column as its stored integer cents, skipping MoneyField's conversion."""
    return ExpressionWrapper(F(column), output_field=BigIntegerField())


def _rows(query: QuerySet) -> list[tuple]:
    """The rows of ``query`` as the database returns them: money as integer cents.

    Four out of five values of an export are shares' money; converting each through the
    ORM took most of an export's time.
    """
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _money(cents: int) -> Decimal:
    # Decimal's own C code; a few times faster than from_cents, over a million calls.
    return Decimal(cents).scaleb(-2)


def export_members(group: Group) -> tuple[list[Person], dict[int, str]]:
    """The group's members in the order they joined, each with a key and their manager's.

    Also each member's key by id, which ``export_entries`` names the shares with.
    """
    rows = list(
        GroupMember.objects.filter(group=group)
        .order_by("id")
        .values_list(
            "pk",
            "name",
            "user__username",
            "role",
            "is_active",
            "user_id",
            "managed_by_type_id",
            "managed_by_id",
        )
    )
    key_of_member = {pk: f"m{position}" for position, (pk, *_) in enumerate(rows, start=1)}
    key_of_user = {row[5]: key_of_member[row[0]] for row in rows if row[5] is not None}
    user_type = references.user_type_id()
    people = []
    for pk, name, username, role, active, _, manager_type, manager_id in rows:
        manager = None
        if manager_id is not None:
            by = key_of_user if manager_type == user_type else key_of_member
            manager = by.get(manager_id)
        people.append(
            Person(
                key=key_of_member[pk],
                name=name,
                username=username,
                role=role,
                active=active,
                managed_by=manager,
            )
        )
    return people, key_of_member


def export_entries(
    group: Group, key_of: dict[int, str], series: SeriesExport | None = None
) -> Iterator[Entry]:
    """The group's expenses and payments (the trash too), oldest first, each with every share
    and comment. ``series`` learns the keys of the expenses its series name."""
    expenses = (
        Expense.objects.filter(group=group)
        .order_by("date", "id")
        .values_list(
            "pk",
            "kind",
            "date",
            "description",
            "category",
            cents("amount"),
            "currency",
            cents("exchange_rate"),
            cents("group_amount"),
            "split",
            "notes",
            "deleted_at",
            "created_at",
        )
        .iterator(chunk_size=CHUNK)
    )
    one = rate_to_units(Decimal(1))
    position = 0
    while chunk := list(islice(expenses, CHUNK)):
        shares: dict[int, list] = {pk: [] for pk, *_ in chunk}
        for expense_id, member_id, paid, owed in _rows(
            # By expense ids alone (already the group's): with group_id in the filter too,
            # SQLite walks the group's whole (group, member, …) index for every chunk.
            Share.objects.filter(expense_id__in=list(shares))
            .order_by("id")
            .values_list("expense_id", "member_id", "paid", "owed")
        ):
            shares[expense_id].append((key_of[member_id], _money(paid), _money(owed)))
        comments: dict[int, list[Comment]] = {}
        for expense_id, author, text, created_at in (
            ExpenseComment.objects.filter(expense_id__in=list(shares))
            .order_by("created_at", "id")
            .values_list("expense_id", "author__username", "text", "created_at")
        ):
            comments.setdefault(expense_id, []).append(Comment(author, text, created_at))
        for (
            pk,
            kind,
            date,
            description,
            category,
            amount,
            currency,
            rate,
            converted,
            split,
            notes,
            deleted_at,
            created_at,
        ) in chunk:
            position += 1
            key = f"e{position}"
            if series is not None:
                series.note(pk, key)
            yield Entry(
                line=0,
                key=key,
                kind=kind,
                description=description,
                date=date,
                amount=_money(amount),
                currency=currency,
                exchange_rate=(
                    None if currency == group.currency and rate == one else rate_from_units(rate)
                ),
                group_amount=_money(converted),
                split=split,
                shares=shares[pk],
                category=category,
                notes=notes,
                comments=comments.get(pk, []),
                deleted=deleted_at is not None,
                created_at=created_at,
            )


def export_categories(group: Group) -> list[Category]:
    """The group's own categories (the default ones every group has are not listed)."""
    own = CategoryModel.objects.filter(group=group).order_by("name", "id")
    return [Category(slug, name) for slug, name in own.values_list("slug", "name")]


def export_rates(group: Group) -> list[Rate]:
    """The group's table of exchange rates."""
    rows = ExchangeRate.objects.filter(group=group).order_by("currency", "date")
    return [Rate(c, rate, day) for c, day, rate in rows.values_list("currency", "date", "rate")]
