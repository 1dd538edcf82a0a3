"""Writing an import's plan into a new group, in bulk: the caller holds the transaction.

The plan has checked every row as full_clean would (lengths, amounts, kinds, splits, rates)
and every share as the expense service does; validating 100,000 model instances again would
triple the time of a large import. The rows go in as the values the columns store (see
groups.services.bulk), and the database's constraints still check every one.
"""

from collections.abc import Callable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.utils import timezone

from groups.domain.currencies import rate_to_units
from groups.interchange import Plan
from groups.models import (
    Category,
    Comment,
    ExchangeRate,
    Expense,
    Group,
    RecurringOccurrence,
    RecurringSeries,
    Share,
)
from groups.services import bulk

# Expenses written, with their shares, between two progress reports.
BATCH = 5_000
EXPENSE_FIELDS = (
    "group",
    "kind",
    "split",
    "description",
    "category",
    "date",
    "amount",
    "currency",
    "exchange_rate",
    "group_amount",
    "notes",
    "legacy_category",
    "created_by",
    "created_at",
    "updated_at",
    "deleted_at",
)
SHARE_FIELDS = ("expense", "group", "member", "paid", "owed", "in_trash")
COMMENT_FIELDS = ("expense", "group", "author", "text", "created_at")

Progress = Callable[[int, int], None]


def write_categories(group: Group, plan: Plan) -> None:
    Category.objects.bulk_create(
        Category(group=group, slug=slug, name=name) for slug, name in plan.categories
    )


def write_rates(group: Group, plan: Plan) -> None:
    ExchangeRate.objects.bulk_create(
        ExchangeRate(group=group, currency=rate.currency, date=rate.date, rate=rate.rate)
        for rate in plan.rates
    )


def write_entries(
    group: Group,
    plan: Plan,
    member_ids: list[int],
    owner: AbstractBaseUser,
    progress: Progress | None,
) -> list[int]:
    """Every expense and payment with its shares and comments; their ids, in plan order."""
    now = timezone.now()
    adapt_date = connection.ops.adapt_datefield_value
    adapt_moment = connection.ops.adapt_datetimefield_value
    username = owner.get_username()
    # Adapted once: on SQLite each adaptation is a conversion to text, 200,000 of them here.
    stamp = adapt_moment(now)
    total, ids = len(plan.entries), []
    for start in range(0, total, BATCH):
        batch = plan.entries[start : start + BATCH]
        expense_ids = bulk.insert(
            Expense,
            EXPENSE_FIELDS,
            [
                (
                    group.pk,
                    entry.kind,
                    entry.split,
                    entry.description,
                    entry.category,
                    adapt_date(entry.date),
                    entry.amount,
                    entry.currency,
                    rate_to_units(entry.exchange_rate),
                    entry.group_amount,
                    entry.notes,
                    "",
                    owner.pk,
                    adapt_moment(entry.created_at) if entry.created_at else stamp,
                    stamp,
                    stamp if entry.deleted else None,
                )
                for entry in batch
            ],
            returning=True,
        )
        bulk.copy(
            Share,
            SHARE_FIELDS,
            [
                (expense_id, group.pk, member_ids[index], paid, owed, entry.deleted)
                for expense_id, entry in zip(expense_ids, batch, strict=True)
                for index, paid, owed in entry.shares
            ],
        )
        bulk.insert(
            Comment,
            COMMENT_FIELDS,
            [
                (
                    expense_id,
                    group.pk,
                    owner.pk if comment.author == username else None,
                    comment.text,
                    adapt_moment(comment.created_at) if comment.created_at else stamp,
                )
                for expense_id, entry in zip(expense_ids, batch, strict=True)
                for comment in entry.comments
            ],
        )
        ids.extend(expense_ids)
        if progress is not None:
            progress(start + len(batch), total)
    return ids


def write_series(group: Group, plan: Plan, expense_ids: list[int], owner: AbstractBaseUser) -> None:
    """The repeating expenses, as series that go on from where the file left them."""
    now = timezone.now()
    series = RecurringSeries.objects.bulk_create(
        RecurringSeries(
            group=group,
            expense_id=expense_ids[planned.entry],
            every=planned.every,
            interval=planned.interval,
            until=planned.until,
            first_date=planned.first_date,
            next_index=planned.next_index,
            next_date=planned.next_date,
            active=planned.active,
            paused_reason=planned.paused_reason[:300],
            created_by=owner,
            stopped_at=now if planned.stopped else None,
        )
        for planned in plan.series
    )
    RecurringOccurrence.objects.bulk_create(
        RecurringOccurrence(series=row, group=group, date=day, expense_id=expense_ids[index])
        for row, planned in zip(series, plan.series, strict=True)
        for day, index in planned.occurrences
    )
