"""What the write services share: the group lock, reloading rows under it, membership and
admin checks, amounts, notes."""

from collections.abc import Iterable
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404

from groups.domain import names
from groups.domain.money import SplitError, parse_amount
from groups.models import Expense, Group, GroupMember, Share
from groups.models.expenses import MAX_NOTES

Row = TypeVar("Row", bound=models.Model)


def lock_group(group_id: int) -> Group:
    """Serialise the writes to one group until the transaction ends; the group, or 404.

    SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions already serialise.
    A group deleted by a request that committed first is gone for this one too.
    """
    group = Group.objects.select_for_update().filter(pk=group_id).first()
    if group is None:
        raise Http404("This group no longer exists.")
    return group


def reload(instance: Row) -> Row:
    """``instance`` as stored now, locked until the transaction ends; 404 if it is gone.

    Callers hold the group's lock. Entry points load the row a request names before the
    write's transaction starts; saving that copy after a concurrent delete would insert it
    again, so every write changes the row it reloads here instead.
    """
    fresh = type(instance).objects.select_for_update().filter(pk=instance.pk).first()
    if fresh is None:
        raise Http404(f"This {instance._meta.verbose_name} no longer exists.")
    return fresh


def reload_actor(actor: GroupMember) -> GroupMember:
    """The acting member as stored now (their role or membership may have changed meanwhile).

    The admin site's stand-in actor is never stored, and is returned as it is.
    """
    if actor.pk is None:
        return actor
    fresh = GroupMember.objects.filter(pk=actor.pk, group_id=actor.group_id).first()
    if fresh is None or not fresh.is_active:
        raise PermissionDenied("You are no longer a member of this group.")
    return fresh


def require_admin(actor: GroupMember) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Only a group admin may do this.")


def require_another_admin(member: GroupMember) -> None:
    others = member.group.members.filter(role=GroupMember.Role.ADMIN, is_active=True)
    if not others.exclude(pk=member.pk).exists():
        raise ValidationError({"role": "A group needs at least one active admin."})


def active_members(group: Group, fields_by_id: dict[int, str]) -> dict[int, GroupMember]:
    """The named members, checked to be active members of ``group``."""
    found = {
        m.pk: m
        for m in GroupMember.objects.filter(group=group, is_active=True, pk__in=fields_by_id)
    }
    for member_id, field in fields_by_id.items():
        if member_id not in found:
            raise ValidationError({field: f"{member_id} is not an active member of this group."})
    return found


def written_shares(expense: Expense, shares: Iterable[Share]) -> None:
    """Make ``expense.shares.all()`` the rows just inserted, so the response reads none back.

    Set as a prefetch would set it: a filter or ordering on ``expense.shares`` still queries.
    """
    cached = Share.objects.filter(expense=expense)
    cached._result_cache = list(shares)
    cached._prefetch_done = True
    expense._prefetched_objects_cache = {
        **getattr(expense, "_prefetched_objects_cache", {}),
        "shares": cached,
    }


def outside_series(expense: Expense) -> None:
    """Record that a new ``expense`` is no recurring occurrence, so no query asks.

    services.recurring.series_start replaces it when it makes the expense a series' first.
    """
    Expense.occurrence.related.set_cached_value(expense, None)


def clean_name(value: str, field: str, *, person: bool = True) -> str:
    """A name normalized (see groups.domain.names), or a ValidationError naming ``field``."""
    try:
        name = names.checked(value, person=person)
    except names.NameRefused as refused:
        raise ValidationError({field: str(refused)}) from None
    if not name:
        raise ValidationError({field: "This field may not be blank."})
    return name


def parse_money(value: object, field: str) -> Decimal:
    """An amount of money from a caller, or a ValidationError naming ``field``."""
    try:
        return parse_amount(value, field=field)
    except SplitError as error:
        raise ValidationError({error.field: str(error)}) from None


def require_shareholders_active(expense: Expense) -> None:
    """Refuse to change what an expense counts for when a member it involves has left."""
    # A member leaves only with a zero balance; changing the shares of someone who has left
    # would give them a balance nobody could settle.
    departed = expense.shares.filter(member__is_active=False).values_list("member__name", flat=True)
    if departed:
        names = ", ".join(departed)
        raise ValidationError({"shares": f"This involves {names}, who left the group."})


def check_notes(notes: object) -> str:
    """An expense's notes: text of at most MAX_NOTES characters, or a ValidationError."""
    if not isinstance(notes, str):
        raise ValidationError({"notes": "Notes are text."})
    if len(notes) > MAX_NOTES:
        raise ValidationError(
            {"notes": f"Notes can have at most {MAX_NOTES} characters (these have {len(notes)})."}
        )
    return notes
