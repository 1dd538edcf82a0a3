"""Adding members, changing them, and members leaving a group."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from groups import references
from groups.models import Group, GroupMember
from groups.selectors.balances import member_balance
from groups.services.common import (
    lock_group,
    reload,
    reload_actor,
    require_admin,
    require_another_admin,
)


@transaction.atomic
def member_add(
    *, group: Group, name: str = "", user: AbstractBaseUser | None = None
) -> GroupMember:
    """Add a guest by name, or a registered user (named after their username by default)."""
    group = lock_group(group.pk)
    if user is not None:
        if group.members.filter(user=user).exists():
            raise ValidationError({"username": f"{user.get_username()} is already a member."})
        name = name or user.get_username()
    name = name.strip()
    if group.members.filter(name=name).exists():
        raise ValidationError({"name": f"A member named {name!r} already exists in this group."})
    member = GroupMember(group=group, user=user, name=name)
    member.full_clean(validate_constraints=False)
    member.save()
    return member


@transaction.atomic
def member_update(*, member: GroupMember, actor: GroupMember, **changes) -> GroupMember:
    """Rename a member, change their role or reactivate them (admins; anyone may rename self)."""
    lock_group(member.group_id)
    member = reload(member)
    if set(changes) - {"name"} or actor.pk != member.pk:
        require_admin(reload_actor(actor))
    if "name" in changes:
        name = changes["name"].strip()
        if member.group.members.filter(name=name).exclude(pk=member.pk).exists():
            raise ValidationError({"name": f"A member named {name!r} already exists."})
        member.name = name
    if "role" in changes:
        if changes["role"] != GroupMember.Role.ADMIN and member.is_admin:
            require_another_admin(member)
        member.role = changes["role"]
    if changes.get("active") is True:
        member.is_active = True
    elif changes.get("active") is False:
        raise ValidationError({"active": "Use DELETE to deactivate a member."})
    member.full_clean(validate_constraints=False)
    member.save(update_fields=["name", "role", "is_active"])
    return member


@transaction.atomic
def member_deactivate(*, member: GroupMember, actor: GroupMember) -> GroupMember:
    """A member leaves (or an admin removes them): only with a zero balance.

    The members they managed become unmanaged (rule 4), and they stop being managed.
    """
    lock_group(member.group_id)
    member = reload(member)
    if actor.pk != member.pk:
        require_admin(reload_actor(actor))
    if not member.is_active:
        return member
    balance = member_balance(member)
    if balance != 0:
        raise ValidationError(
            {"balance": f"{member.name} has a balance of {balance}; settle it before leaving."}
        )
    if member.is_admin:
        require_another_admin(member)
    GroupMember.objects.managed_by(member).update(managed_by_type=None, managed_by_id=None)
    member.is_active = False
    references.set_reference(member, None)
    member.save(update_fields=["is_active", "managed_by_type", "managed_by_id"])
    return member


def hand_over_admin(leaving: GroupMember) -> None:
    """Keep someone able to administer ``leaving``'s group once they can no longer log in.

    The longest-standing active registered member becomes admin, unless another one already is.
    """
    others = leaving.group.members.filter(is_active=True, user__isnull=False).exclude(pk=leaving.pk)
    if others.filter(role=GroupMember.Role.ADMIN).exists():
        return
    successor = others.order_by("joined_at", "id").first()
    if successor is not None:
        successor.role = GroupMember.Role.ADMIN
        successor.save(update_fields=["role"])
