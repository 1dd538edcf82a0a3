"""Recording, changing and deleting expenses and payments, with every member's share."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from groups.domain.conversion import convert_expense
from groups.domain.money import SplitError
from groups.models import Expense, Group, Share
from groups.services.categories import check_category
from groups.services.common import active_members, check_notes, lock_group, parse_money
from groups.services.rates import expense_currency, rate_for, same_currency


@dataclass(frozen=True)
class Participant:
    """A member taking part in a split, with their exact part, percentage or weight."""

    member_id: int
    value: Decimal | None = None


@dataclass(frozen=True)
class Payer:
    """A member who paid part of an expense (in the expense's currency)."""

    member_id: int
    amount: Decimal


# What changes an expense's shares: given together, they replace all of them.
MONEY_FIELDS = ("amount", "split", "participants", "payers")


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
) -> Expense:
    """Record an expense split among participants and paid by one or more payers.

    ``currency`` defaults to the group's; without ``exchange_rate`` a foreign currency takes
    the group's latest rate dated on or before the expense's date.
    """
    expense = Expense(group=group, created_by=created_by, kind=Expense.Kind.EXPENSE)
    return _expense_write(
        expense,
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
) -> Expense:
    """Change an expense; a new amount, split, participants or payers replaces all its shares.

    A new currency or rate changes the shares too, so it comes with all four. Without them,
    a money change keeps the expense's currency, and its rate unless the currency changes.
    """
    if expense.kind == Expense.Kind.PAYMENT:
        raise ValidationError(
            {"kind": "A payment cannot be edited: delete it and record it again."}
        )
    money = {"amount": amount, "split": split, "participants": participants, "payers": payers}
    if all(value is None for value in (*money.values(), currency, exchange_rate)):
        lock_group(expense.group_id)
        if category is not None:
            expense.category = check_category(expense.group, category)
        if notes is not None:
            expense.notes = check_notes(notes)
        if description is not None:
            expense.description = description
        if date is not None:
            expense.date = date
        expense.full_clean(exclude=["group"], validate_constraints=False)
        expense.save()
        return expense
    _require_all_shareholders_active(expense)
    missing = [field for field, value in money.items() if value is None]
    if missing:
        raise ValidationError(
            dict.fromkeys(missing, "Required when changing the amount, split or currency.")
        )
    if currency is None:
        currency = expense.currency
    if exchange_rate is None and same_currency(currency, expense.currency):
        exchange_rate = expense.exchange_rate
    return _expense_write(
        expense,
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


@transaction.atomic
def expense_delete(*, expense: Expense) -> None:
    """Delete an expense or payment with its shares and comments."""
    _require_all_shareholders_active(expense)
    expense.delete()


@transaction.atomic
def payment_create(
    *,
    group: Group,
    created_by: AbstractBaseUser | None,
    from_member_id: int,
    to_member_id: int,
    amount: object,
    date: Date | None = None,
    description: str = "",
    currency: object = None,
    exchange_rate: object = None,
) -> Expense:
    """Record that one member paid another: the payer's balance rises, the payee's falls."""
    if from_member_id == to_member_id:
        raise ValidationError({"to_member": "A payment must go to another member."})
    lock_group(group.pk)
    group.refresh_from_db(fields=["currency"])  # as it is under the lock
    members = active_members(group, {from_member_id: "from_member", to_member_id: "to_member"})
    value = parse_money(amount, "amount")
    date = date or timezone.localdate()
    code = expense_currency(group, currency)
    rate = rate_for(group=group, currency=code, date=date, given=exchange_rate)
    converted = _converted(value, rate, "exact", [value], [value])
    payment = Expense(
        group=group,
        created_by=created_by,
        kind=Expense.Kind.PAYMENT,
        split=Expense.Split.EXACT,
        description=description or f"{members[from_member_id]} paid {members[to_member_id]}",
        amount=value,
        currency=code,
        exchange_rate=rate,
        group_amount=converted.group_amount,
        date=date,
    )
    payment.full_clean(exclude=["group"], validate_constraints=False)
    payment.save()
    group_value = converted.group_amount
    Share.objects.bulk_create(
        [
            Share(expense=payment, group=group, member_id=from_member_id, paid=group_value, owed=0),
            Share(expense=payment, group=group, member_id=to_member_id, paid=0, owed=group_value),
        ]
    )
    return payment


def _expense_write(
    expense: Expense,
    *,
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
    group = expense.group
    # Under the group's lock, no member can leave between being checked and getting a share,
    # and the group's currency cannot change (it may only while the group has no expenses).
    lock_group(group.pk)
    group.refresh_from_db(fields=["currency"])
    value = parse_money(amount, "amount")
    if not participants:
        raise ValidationError({"participants": "Name at least one participant."})
    if not payers:
        raise ValidationError({"paid_by": "Name who paid."})
    participant_ids = [p.member_id for p in participants]
    payer_ids = [p.member_id for p in payers]
    _require_distinct(participant_ids, "participants")
    _require_distinct(payer_ids, "payers")
    active_members(group, dict.fromkeys(participant_ids, "participants"))
    active_members(group, dict.fromkeys(payer_ids, "payers"))
    date = date or timezone.localdate()
    code = expense_currency(group, currency)
    rate = rate_for(group=group, currency=code, date=date, given=exchange_rate)
    converted = _converted(
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
    expense.full_clean(exclude=["group"], validate_constraints=False)
    replacing = expense.pk is not None
    expense.save()
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
    return expense


def _converted(amount, rate, split, values, paid):
    try:
        return convert_expense(amount=amount, rate=rate, split=split, values=values, paid=paid)
    except SplitError as error:
        raise ValidationError({error.field: str(error)}) from None


def _require_distinct(member_ids: list[int], field: str) -> None:
    if len(set(member_ids)) != len(member_ids):
        raise ValidationError({field: "Each member may be listed only once."})


def _require_all_shareholders_active(expense: Expense) -> None:
    # A member leaves only with a zero balance; changing the shares of someone who has left
    # would give them a balance nobody could settle.
    departed = expense.shares.filter(member__is_active=False).values_list("member__name", flat=True)
    if departed:
        names = ", ".join(departed)
        raise ValidationError({"shares": f"This involves {names}, who left the group."})
