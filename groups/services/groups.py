"""Creating, changing and deleting groups."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from groups.models import ExchangeRate, Expense, Group, GroupMember
from groups.services.common import lock_group, require_admin
from groups.services.rates import currency_of


@transaction.atomic
def group_create(*, creator: AbstractBaseUser, name: str, currency: object = "EUR") -> Group:
    """Create a group with its creator as the first member and admin."""
    group = Group(name=name, currency=currency_of(currency), created_by=creator)
    group.full_clean()
    group.save()
    GroupMember.objects.create(
        group=group, user=creator, name=creator.get_username(), role=GroupMember.Role.ADMIN
    )
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
    require_admin(actor)
    lock_group(group.pk)
    if "name" in changes:
        group.name = changes["name"]
    if "currency" in changes:
        code = check_currency_change(group, changes["currency"])
        if code != group.currency:
            ExchangeRate.objects.filter(group=group).delete()
        group.currency = code
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_delete(*, group: Group, actor: GroupMember) -> None:
    """Delete a group with everything in it (admins only)."""
    require_admin(actor)
    group.delete()
