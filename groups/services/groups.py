"""Creating, changing and deleting groups."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from groups.models import ExchangeRate, Expense, Group, GroupMember
from groups.services.activity import actor_name, changes_between, describe_changes, record
from groups.services.common import clean_name, lock_group, reload_actor, require_admin
from groups.services.rates import currency_of


@transaction.atomic
def group_create(*, creator: AbstractBaseUser, name: str, currency: object = "EUR") -> Group:
    """Create a group with its creator as the first member and admin."""
    name = clean_name(name, "name", person=False)
    group = Group(name=name, currency=currency_of(currency), created_by=creator)
    group.full_clean()
    group.save()
    GroupMember.objects.create(
        group=group, user=creator, name=creator.get_username(), role=GroupMember.Role.ADMIN
    )
    record(actor=creator, group=group, action="group.created", obj=group)
    return group


def check_currency_change(group: Group, currency: object) -> str:
    """The group's new currency, checked: a valid code, and no expenses recorded yet.

    Every amount already recorded is in the old currency, so a group with expenses or
    payments keeps its currency.
    """
    code = currency_of(currency)
    if code != group.currency and Expense.objects.filter(group_id=group.pk).exists():
        raise ValidationError(
            {"currency": f"The group has expenses in {group.currency}: its currency cannot change."}
        )
    return code


@transaction.atomic
def group_update(*, group: Group, actor: GroupMember, **changes) -> Group:
    """Rename a group or change its currency (admins only; the currency only while the group
    has no expenses, and its rate table, in the old currency, is cleared)."""
    group = lock_group(group.pk)
    actor = reload_actor(actor)
    require_admin(actor)
    before = {"name": group.name, "currency": group.currency}
    if "name" in changes:
        group.name = clean_name(changes["name"], "name", person=False)
    if "currency" in changes:
        code = check_currency_change(group, changes["currency"])
        if code != group.currency:
            ExchangeRate.objects.filter(group=group).delete()
        group.currency = code
    group.full_clean()
    group.save(force_update=True)
    changed = changes_between(before, {"name": group.name, "currency": group.currency})
    if changed:
        record(
            actor=actor,
            group=group,
            action="group.updated",
            obj=group,
            changes=changed,
            summary=f"{actor_name(actor)} changed the group: {describe_changes(changed)}",
        )
    return group


@transaction.atomic
def group_delete(*, group: Group, actor: GroupMember) -> None:
    """Delete a group with everything in it, its activity too (admins only).

    One entry, without a group, says who deleted it: the operators' trace in the admin.
    """
    group = lock_group(group.pk)
    actor = reload_actor(actor)
    require_admin(actor)
    group_id, name = group.pk, group.name
    group.delete()
    record(
        actor=actor,
        group=None,
        action="group.deleted",
        obj=("group", group_id),
        summary=f"{actor_name(actor)} deleted the group {name}",
    )
