"""Recording, changing and deleting expenses, with every member's share."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from groups.domain.conversion import Converted, convert_expense
from groups.domain.dates import date_problem
from groups.domain.money import SplitError
from groups.domain.recurrence import Repeat
from groups.models import Expense, Group, Share
from groups.services import totals
from groups.services.activity import Actor, actor_name, record
from groups.services.categories import check_category
from groups.services.common import (
    active_members,
    check_notes,
    lock_group,
    outside_series,
    parse_money,
    reload,
    require_shareholders_active,
    written_shares,
)
from groups.services.expense_log import record_update, snapshot
from groups.services.rates import expense_currency, rate_for, same_currency
from groups.services.recurring import check_repeat_for, series_start
from groups.services.trash import move_to_trash


@dataclass(frozen=True)
class Participant:
    """A member taking part in a split, with their exact part, percentage or weight."""

    member_id: int
    value: Decimal | None = None


@dataclass(frozen=True)
class Payer:
    """A member who paid part of an expense."""

    member_id: int
    amount: Decimal


@transaction.atomic
def expense_create(
    *,
    group: Group,
    created_by: AbstractBaseUser | None,
    description: str,
    amount: object,
    split: str,
    participants: Sequence[Participant],
    payers: Sequence[Payer],
    date: Date | None = None,
    category: str = "",
    notes: str = "",
    currency: object = None,
    exchange_rate: object = None,
    repeat: Repeat | None = None,
) -> Expense:
    """Record an expense split among participants and paid by one or more payers.

    ``currency`` defaults to the group's; without ``exchange_rate`` a foreign currency takes
    the group's latest rate dated on or before the expense's date. With ``repeat`` it is the
    first occurrence of a recurring series (see services.recurring).
    """
    if repeat is not None:
        check_repeat_for(repeat, date or timezone.localdate())
    group = lock_group(group.pk)
    expense = Expense(group=group, created_by=created_by, kind=Expense.Kind.EXPENSE)
    _expense_write(
        expense,
        group=group,
        description=description,
        amount=amount,
        split=split,
        participants=participants,
        payers=payers,
        date=date,
        category=category,
        notes=notes,
        currency=currency,
        exchange_rate=exchange_rate,
    )
    outside_series(expense)
    label = f"{expense.description} ({expense.amount})"
    if repeat is None:
        record(
            actor=created_by,
            group=group,
            action="expense.created",
            obj=expense,
            summary=f"{actor_name(created_by)} added {label}",
        )
    else:
        series = series_start(expense=expense, repeat=repeat, created_by=created_by)
        record(
            actor=created_by,
            group=group,
            action="recurring.created",
            obj=series,
            summary=f"{actor_name(created_by)} added {label}, repeating {series.describe()}",
        )
    return expense


@transaction.atomic
def expense_update(
    *,
    expense: Expense,
    description: str | None = None,
    date: Date | None = None,
    category: str | None = None,
    notes: str | None = None,
    amount: object = None,
    split: str | None = None,
    participants: Sequence[Participant] | None = None,
    payers: Sequence[Payer] | None = None,
    currency: object = None,
    exchange_rate: object = None,
    actor: Actor = None,
) -> Expense:
    """Change an expense; a new amount, split, participants or payers replaces all its shares.

    A new currency or rate changes the shares too, so it comes with all four. Without them,
    a money change keeps the expense's currency, and its rate unless the currency changes.
    """
    group = lock_group(expense.group_id)
    expense = reload(expense)
    expense.group = group  # the row just locked, which the categories and the log read
    if expense.kind == Expense.Kind.PAYMENT:
        raise ValidationError(
            {"kind": "A payment cannot be edited: delete it and record it again."}
        )
    if expense.deleted_at is not None:
        # Moved to the trash meanwhile: for the caller it is gone, as a deleted row would be.
        raise Http404("This expense is in the trash: restore it to change it.")
    before = snapshot(expense)
    counted = totals.entry(expense) if _moves_spending(expense, date, category) else None
    money = {"amount": amount, "split": split, "participants": participants, "payers": payers}
    if all(value is None for value in (*money.values(), currency, exchange_rate)):
        check_date(date)
        if category is not None:
            expense.category = check_category(expense.group, category)
        if notes is not None:
            expense.notes = check_notes(notes)
        if description is not None:
            expense.description = description
        if date is not None:
            expense.date = date
        expense.full_clean(exclude=["group", "created_by"], validate_constraints=False)
        expense.save(force_update=True)
        if counted is not None:
            totals.recount(expense.group_id, counted, totals.moved_to(counted, expense))
        return record_update(expense, before, actor)
    require_shareholders_active(expense)
    missing = [field for field, value in money.items() if value is None]
    if missing:
        raise ValidationError(
            dict.fromkeys(missing, "Required when changing the amount, split or currency.")
        )
    if currency is None:
        currency = expense.currency
    if exchange_rate is None and same_currency(currency, expense.currency):
        exchange_rate = expense.exchange_rate
    _expense_write(
        expense,
        group=group,
        description=description if description is not None else expense.description,
        amount=amount,
        split=split,
        participants=participants,
        payers=payers,
        date=date or expense.date,
        category=category if category is not None else expense.category,
        notes=notes if notes is not None else expense.notes,
        currency=currency,
        exchange_rate=exchange_rate,
    )
    return record_update(expense, before, actor)


def _moves_spending(expense: Expense, date: Date | None, category: str | None) -> bool:
    """Whether an edit gives the expense another day or category (its spending moves)."""
    return (date is not None and date != expense.date) or (
        category is not None and category != expense.category
    )


@transaction.atomic
def expense_delete(*, expense: Expense, actor: Actor = None) -> None:
    """Move an expense or payment to the group's trash: it stops counting until restored."""
    lock_group(expense.group_id)
    expense = reload(expense)
    if expense.deleted_at is not None:
        raise Http404("This expense is already in the trash.")
    require_shareholders_active(expense)
    move_to_trash(expense)
    record(
        actor=actor,
        group=expense.group,
        action="expense.deleted",
        obj=expense,
        summary=f"{actor_name(actor)} moved {expense.description} ({expense.amount}) to the trash",
    )


def _expense_write(
    expense: Expense,
    *,
    group: Group,
    description: str,
    amount: object,
    split: str,
    participants: Sequence[Participant],
    payers: Sequence[Payer],
    date: Date | None,
    category: str,
    notes: str,
    currency: object,
    exchange_rate: object,
) -> Expense:
    """Write ``expense`` and its shares in ``group``, which the caller has locked.

    Under the lock no member can leave between being checked and getting a share, and the
    group's currency cannot change (it may only while the group has no expenses).
    """
    # As counted so far, read before the expense changes: an edit moves the totals by the
    # difference between this and the new version.
    old = totals.entry(expense) if expense.pk is not None else None
    value = parse_money(amount, "amount")
    check_date(date)
    if not participants:
        raise ValidationError({"participants": "Name at least one participant."})
    if not payers:
        raise ValidationError({"paid_by": "Name who paid."})
    participant_ids = [p.member_id for p in participants]
    payer_ids = [p.member_id for p in payers]
    _require_distinct(participant_ids, "participants")
    _require_distinct(payer_ids, "payers")
    # One query for both lists; a member in both is refused as a participant.
    named = dict.fromkeys(participant_ids, "participants")
    for member_id in payer_ids:
        named.setdefault(member_id, "payers")
    active_members(group, named)
    date = date or timezone.localdate()
    code = expense_currency(group, currency)
    rate = rate_for(group=group, currency=code, date=date, given=exchange_rate)
    converted = converted_amounts(
        value, rate, split, [p.value for p in participants], [p.amount for p in payers]
    )

    expense.description = description
    expense.amount = value
    expense.currency = code
    expense.exchange_rate = rate
    expense.group_amount = converted.group_amount
    expense.split = split
    expense.date = date
    expense.category = check_category(group, category)
    expense.notes = check_notes(notes)
    # created_by is the caller, or on a change the stored creator: no query to find it.
    expense.full_clean(exclude=["group", "created_by"], validate_constraints=False)
    replacing = old is not None
    expense.save(force_update=replacing)
    if replacing:
        expense.shares.all().delete()

    rows: dict[int, Share] = {}
    for member_id, paid in zip(payer_ids, converted.paid, strict=True):
        rows[member_id] = Share(expense=expense, group=group, member_id=member_id, paid=paid)
    for member_id, owed in zip(participant_ids, converted.owed, strict=True):
        share = rows.setdefault(
            member_id, Share(expense=expense, group=group, member_id=member_id, paid=Decimal(0))
        )
        share.owed = owed
    Share.objects.bulk_create(rows.values())
    written_shares(expense, rows.values())
    new = totals.entry(expense, [(s.member_id, s.paid, s.owed) for s in rows.values()])
    if old is None:
        totals.count(group.pk, new)
    else:
        totals.recount(group.pk, old, new)
    return expense


def converted_amounts(amount, rate, split, values, paid) -> Converted:
    """The group amount and both share columns in the group's currency, or a ValidationError."""
    try:
        return convert_expense(amount=amount, rate=rate, split=split, values=values, paid=paid)
    except SplitError as error:
        raise ValidationError({error.field: str(error)}) from None


def check_date(date: Date | None) -> None:
    """Refuse a date outside the years an expense may have (see groups.domain.dates)."""
    problem = date and date_problem(date)
    if problem:
        raise ValidationError({"date": problem})


def _require_distinct(member_ids: list[int], field: str) -> None:
    if len(set(member_ids)) != len(member_ids):
        raise ValidationError({field: "Each member may be listed only once."})
