"""The trash: a deleted expense or payment stops counting, and a restore brings it back.

``move_to_trash`` and ``take_out_of_trash`` are the one path by which an expense's shares stop
or start counting towards balances: the members' maintained totals move there and nowhere else.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from groups.models import Expense, Share
from groups.services import totals
from groups.services.activity import actor_name, record
from groups.services.common import lock_group, require_shareholders_active


def move_to_trash(expense: Expense) -> None:
    """Take ``expense`` and its shares out of lists and balances (inside a locked write)."""
    expense.deleted_at = timezone.now()
    expense.save(update_fields=["deleted_at"])
    Share.objects.filter(expense=expense).update(in_trash=True)
    totals.uncount(expense.group_id, totals.entry(expense))


def take_out_of_trash(expense: Expense) -> None:
    """Put ``expense`` and its shares back, exactly as they were (inside a locked write)."""
    expense.deleted_at = None
    expense.save(update_fields=["deleted_at"])
    Share.objects.filter(expense=expense).update(in_trash=False)
    totals.count(expense.group_id, totals.entry(expense))


@transaction.atomic
def expense_restore(*, expense: Expense, actor: AbstractBaseUser | None = None) -> Expense:
    """Bring an expense or payment back from the trash: same id, same shares, same balances.

    Refused when a member it involves has left the group (they left with a zero balance).
    """
    lock_group(expense.group_id)
    expense = Expense.objects.select_related("group").filter(pk=expense.pk).first()
    if expense is None:
        raise ValidationError({"expense": "This expense no longer exists."})
    if expense.deleted_at is None:
        raise ValidationError({"expense": f"{expense.description} is not in the trash."})
    require_shareholders_active(expense)
    take_out_of_trash(expense)
    record(
        actor=actor,
        group=expense.group,
        action="expense.restored",
        obj=expense,
        summary=f"{actor_name(actor)} restored {expense.description} ({expense.amount})",
    )
    return expense
