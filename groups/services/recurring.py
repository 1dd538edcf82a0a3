"""Recurring expenses: a series starts with an expense; its due occurrences are created once.

``recurring_run`` (the run_recurring command) creates every occurrence due on or before a day
that does not exist yet, one transaction per occurrence. Each transaction takes the group's
lock and re-reads the series under it, and the (series, date) unique constraint backs that up,
so two runs at the same moment, a run repeated, or a run after days of downtime all create
each occurrence exactly once.
"""

from dataclasses import dataclass, field
from datetime import date as Date

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from groups.domain.recurrence import Repeat, RepeatError, check_repeat, next_occurrence
from groups.models import Expense, RecurringOccurrence, RecurringSeries, Share
from groups.services import totals
from groups.services.activity import Actor, actor_name, record
from groups.services.common import lock_group, require_shareholders_active

# What an occurrence copies from the series' first expense, besides its shares: the same
# money in the same currency at the same rate (so the same shares), the same category and
# notes. A field that expenses gain is repeated by adding its name here.
COPIED_FIELDS = (
    "kind",
    "description",
    "amount",
    "currency",
    "exchange_rate",
    "group_amount",
    "split",
    "category",
    "notes",
)


@dataclass
class RunReport:
    """What one run created, and which series it paused (with why)."""

    created: list[Expense] = field(default_factory=list)
    paused: list[tuple[RecurringSeries, str]] = field(default_factory=list)


def check_repeat_for(repeat: Repeat, first: Date) -> None:
    """``repeat`` checked for a series starting on ``first``; a ValidationError on "repeat"."""
    try:
        check_repeat(repeat, first)
    except RepeatError as error:
        raise ValidationError({"repeat": f"{error.field}: {error.message}"}) from None


def series_start(
    *, expense: Expense, repeat: Repeat, created_by: AbstractBaseUser | None
) -> RecurringSeries:
    """Make ``expense`` (just recorded, in the caller's transaction) a series' first occurrence.

    The caller records the activity: one entry for the expense and its series together.
    """
    check_repeat_for(repeat, expense.date)
    series = RecurringSeries(
        group_id=expense.group_id,
        expense=expense,
        every=repeat.every,
        interval=repeat.interval,
        until=repeat.until,
        first_date=expense.date,
        next_index=1,
        next_date=next_occurrence(expense.date, repeat, 1),
        created_by=created_by,
    )
    series.active = series.next_date is not None  # until = the first date: nothing to come
    series.full_clean(exclude=["group", "expense", "created_by"], validate_constraints=False)
    series.save()
    RecurringOccurrence.objects.create(
        series=series, group_id=expense.group_id, date=expense.date, expense=expense
    )
    return series


def recurring_run(*, today: Date) -> RunReport:
    """Create every occurrence due on or before ``today`` that does not exist yet."""
    report = RunReport()
    due = RecurringSeries.objects.due(today).order_by("next_date", "id")
    for series_id in list(due.values_list("pk", flat=True)):
        while _create_next(series_id, today, report):
            pass
    return report


@transaction.atomic
def series_stop(*, series: RecurringSeries, actor: Actor = None) -> RecurringSeries:
    """Stop a series: nothing more is created; what was created stays. Stopping twice is a no-op."""
    lock_group(series.group_id)
    series = RecurringSeries.objects.select_related("expense", "group").get(pk=series.pk)
    if series.stopped_at is not None:
        return series
    series.active, series.stopped_at, series.next_date = False, timezone.now(), None
    series.save(update_fields=["active", "stopped_at", "next_date"])
    record(
        actor=actor,
        group=series.group,
        action="recurring.stopped",
        obj=series,
        summary=f"{actor_name(actor)} stopped repeating {series.expense.description}",
    )
    return series


@transaction.atomic
def series_resume(*, series: RecurringSeries, actor: Actor = None) -> RecurringSeries:
    """Resume a paused series; its next run creates the occurrences missed meanwhile."""
    lock_group(series.group_id)
    series = RecurringSeries.objects.select_related("expense", "group").get(pk=series.pk)
    if series.active:
        return series
    if series.stopped_at is not None or series.next_date is None:
        raise ValidationError({"active": "This series has ended: record a new repeating expense."})
    require_shareholders_active(series.expense)
    series.active, series.paused_reason = True, ""
    series.save(update_fields=["active", "paused_reason"])
    record(
        actor=actor,
        group=series.group,
        action="recurring.resumed",
        obj=series,
        summary=f"{actor_name(actor)} resumed repeating {series.expense.description}",
    )
    return series


@transaction.atomic
def _create_next(series_id: int, today: Date, report: RunReport) -> bool:
    """Create the series' next occurrence if it is due; False when there is nothing to do."""
    group_id = RecurringSeries.objects.filter(pk=series_id).values_list("group_id", flat=True)
    if not group_id:
        return False
    lock_group(group_id[0])
    # Read again under the lock: another run may have created this occurrence meanwhile.
    series = (
        RecurringSeries.objects.select_for_update()
        .select_related("expense", "group")
        .filter(pk=series_id)
        .first()
    )
    if series is None or not series.active or not series.next_date or series.next_date > today:
        return False
    day, template = series.next_date, series.expense
    shares = list(template.shares.select_related("member").order_by("id"))
    departed = [share.member.name for share in shares if not share.member.is_active]
    if departed:
        report.paused.append((series, _pause(series, day, departed)))
        return False
    if not RecurringOccurrence.objects.filter(series=series, date=day).exists():
        expense = _copy(template, shares, day, series)
        RecurringOccurrence.objects.create(
            series=series, group_id=series.group_id, date=day, expense=expense
        )
        record(
            actor=None,
            group=series.group,
            action="expense.created",
            obj=expense,
            changes={"series": series.pk, "date": day.isoformat()},
            summary=f"{expense.description} ({expense.amount}) added for {day.isoformat()}, "
            f"repeating {series.describe()}",
        )
        report.created.append(expense)
    series.next_index += 1
    series.next_date = next_occurrence(series.first_date, series.repeat, series.next_index)
    series.active = series.next_date is not None  # past until: the series has ended
    series.save(update_fields=["next_index", "next_date", "active"])
    return True


def _copy(template: Expense, shares: list[Share], day: Date, series: RecurringSeries) -> Expense:
    expense = Expense(
        group_id=template.group_id,
        created_by_id=series.created_by_id,
        date=day,
        **{name: getattr(template, name) for name in COPIED_FIELDS},
    )
    expense.full_clean(exclude=["group"], validate_constraints=False)
    expense.save()
    Share.objects.bulk_create(
        Share(
            expense=expense,
            group_id=template.group_id,
            member_id=share.member_id,
            paid=share.paid,
            owed=share.owed,
        )
        for share in shares
    )
    totals.count(
        expense.group_id,
        totals.entry(expense, [(share.member_id, share.paid, share.owed) for share in shares]),
    )
    return expense


def _pause(series: RecurringSeries, day: Date, departed: list[str]) -> str:
    names = ", ".join(departed)
    reason = (
        f"{series.expense.description} was not repeated on {day.isoformat()}: it involves "
        f"{names}, who left the group. The series is paused."
    )
    series.active, series.paused_reason = False, reason[:300]
    series.save(update_fields=["active", "paused_reason"])
    record(
        actor=None,
        group=series.group,
        action="recurring.paused",
        obj=series,
        changes={"date": day.isoformat(), "departed": departed},
        summary=reason,
    )
    return reason
