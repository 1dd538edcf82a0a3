"""Recording the activity log: one call inside each write service, in its transaction.

    record(actor=request_user, group=group, action="comment.added", obj=comment)

``actor`` is a user, a member (its user is recorded) or None for the system (run_recurring).
``obj`` is the model instance changed, or a ``(type, id)`` pair for one that is gone; an
expense or payment, or anything with an ``expense`` attribute (a comment, a series), also
files the entry under that expense's own history. ``changes`` is what changed; build an
update's with ``changes_between``. Without ``summary`` one is made from the action.
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction

from groups.models import Activity, Expense, Group, GroupMember

# The words a default summary uses for an action: "<who> <verb> <object>".
VERBS = {
    "group.created": "created the group",
    "group.updated": "changed the group",
    "group.deleted": "deleted the group",
    "member.added": "added",
    "member.updated": "changed",
    "member.removed": "removed",
    "manager.set": "set the manager of",
    "manager.cleared": "cleared the manager of",
    "expense.created": "added",
    "expense.updated": "changed",
    "expense.deleted": "moved to the trash",
    "expense.restored": "restored",
    "payment.created": "recorded",
    "comment.added": "commented on",
    "comment.deleted": "deleted a comment on",
    "rate.set": "set a rate:",
    "rate.deleted": "deleted a rate:",
    "rates.loaded": "loaded exchange rates",
    "category.created": "added the category",
    "recurring.created": "made a repeating expense of",
    "recurring.stopped": "stopped",
    "recurring.resumed": "resumed",
    "invite.created": "made a new invite link",
    "invite.disabled": "disabled the invite link",
    "import.completed": "imported",
    "balances.reconciled": "recomputed the balances",
}

Actor = AbstractBaseUser | GroupMember | None


def record(
    *,
    actor: Actor,
    group: Group | None,
    action: str,
    obj: models.Model | tuple[str, int | None] | None = None,
    changes: Mapping | None = None,
    summary: str | None = None,
) -> Activity:
    """Log one successful write. Call it inside the write's transaction, after its checks."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record() belongs inside the write's transaction.atomic block.")
    # Ids, not instances: a member's user need not be loaded to be named as the actor.
    user_id = actor.user_id if isinstance(actor, GroupMember) else getattr(actor, "pk", None)
    object_type, object_id = _reference(obj)
    if summary is None:
        summary = " ".join(
            part for part in (actor_name(actor), VERBS.get(action, action), _label(obj)) if part
        )
    entry = Activity(
        group=group,
        actor_id=user_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        expense=_expense_of(obj),
        summary=summary[:500],
        changes=dict(changes or {}),
    )
    entry.save()
    return entry


def actor_name(actor: Actor) -> str:
    """How a summary names who acted: a member's name, a user's username, or "Someone"."""
    if isinstance(actor, GroupMember):
        return actor.name
    if actor is not None and actor.pk is not None:
        return actor.get_username()
    return "Someone"


def describe_changes(changes: Mapping[str, dict]) -> str:
    """``changes`` in words: "name Trip → Lisbon, currency EUR → USD"."""
    return ", ".join(
        f"{field} {change['before']} → {change['after']}" for field, change in changes.items()
    )


def changes_between(before: Mapping, after: Mapping) -> dict[str, dict]:
    """``{"field": {"before": …, "after": …}}`` for every field whose value differs."""
    return {
        field: {"before": plain(before.get(field)), "after": plain(after.get(field))}
        for field in dict.fromkeys([*before, *after])
        if before.get(field) != after.get(field)
    }


def plain(value):
    """A value as JSON keeps it: amounts and dates as text, lists and dicts item by item."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def _reference(obj) -> tuple[str, int | None]:
    if obj is None:
        return "", None
    if isinstance(obj, tuple):
        return obj
    if isinstance(obj, Expense):
        return obj.kind, obj.pk
    if isinstance(obj, GroupMember):
        return "member", obj.pk
    if obj._meta.model_name == "recurringseries":
        return "recurring", obj.pk
    if obj._meta.model_name == "invitelink":
        return "invite", obj.pk
    return obj._meta.model_name, obj.pk


def _expense_of(obj) -> Expense | None:
    if isinstance(obj, Expense):
        return obj if obj.pk is not None else None
    related = getattr(obj, "expense", None) if isinstance(obj, models.Model) else None
    return related if isinstance(related, Expense) else None


def _label(obj) -> str:
    if obj is None or isinstance(obj, tuple):
        return ""
    if isinstance(obj, Group):
        return obj.name
    if isinstance(obj, Expense):
        return f"{obj.description} ({obj.amount})"
    return str(obj)
