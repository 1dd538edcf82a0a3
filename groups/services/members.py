"""Adding members, changing them, and members leaving a group."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from groups import references
from groups.models import Group, GroupMember
from groups.selectors.balances import member_balance
from groups.services.activity import (
    Actor,
    actor_name,
    changes_between,
    describe_changes,
    record,
)
from groups.services.common import lock_group, require_admin, require_another_admin


@transaction.atomic
def member_add(
    *,
    group: Group,
    name: str = "",
    user: AbstractBaseUser | None = None,
    actor: Actor = None,
) -> GroupMember:
    """Add a guest by name, or a registered user (named after their username by default)."""
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
    account = f" ({user.get_username()})" if user is not None else " (a guest)"
    summary = f"{actor_name(actor)} added {member.name}{account}"
    record(actor=actor, group=group, action="member.added", obj=member, summary=summary)
    return member


@transaction.atomic
def member_update(*, member: GroupMember, actor: GroupMember, **changes) -> GroupMember:
    """Rename a member, change their role or reactivate them (admins; anyone may rename self)."""
    if set(changes) - {"name"} or actor.pk != member.pk:
        require_admin(actor)
    before = _state(member)
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
    member.save()
    changed = changes_between(before, _state(member))
    if changed:
        summary = f"{actor_name(actor)} changed {before['name']}: {describe_changes(changed)}"
        record(
            actor=actor,
            group=member.group,
            action="member.updated",
            obj=member,
            changes=changed,
            summary=summary,
        )
    return member


def _state(member: GroupMember) -> dict:
    return {"name": member.name, "role": member.role, "active": member.is_active}


@transaction.atomic
def member_deactivate(*, member: GroupMember, actor: GroupMember) -> GroupMember:
    """A member leaves (or an admin removes them): only with a zero balance.

    The members they managed become unmanaged (rule 4), and they stop being managed.
    """
    if actor.pk != member.pk:
        require_admin(actor)
    lock_group(member.group_id)
    member.refresh_from_db()
    if not member.is_active:
        return member
    balance = member_balance(member)
    if balance != 0:
        raise ValidationError(
            {"balance": f"{member.name} has a balance of {balance}; settle it before leaving."}
        )
    if member.is_admin:
        require_another_admin(member)
    released = GroupMember.objects.managed_by(member)
    released_names = list(released.values_list("name", flat=True))
    released.update(managed_by_type=None, managed_by_id=None)
    member.is_active = False
    references.set_reference(member, None)
    member.save(update_fields=["is_active", "managed_by_type", "managed_by_id"])
    if actor.pk == member.pk:
        summary = f"{member.name} left the group"
    else:
        summary = f"{actor_name(actor)} removed {member.name} from the group"
    if released_names:
        summary += f"; {', '.join(released_names)} no longer managed"
    changes = {"active": {"before": True, "after": False}}
    if released_names:
        changes["released"] = released_names
    record(
        actor=actor,
        group=member.group,
        action="member.removed",
        obj=member,
        changes=changes,
        summary=summary,
    )
    return member


def hand_over_admin(leaving: GroupMember) -> GroupMember | None:
    """Keep someone able to administer ``leaving``'s group once they can no longer log in.

    The longest-standing active registered member becomes admin, unless another one already is.
    Returns the new admin, if one was made.
    """
    others = leaving.group.members.filter(is_active=True, user__isnull=False).exclude(pk=leaving.pk)
    if others.filter(role=GroupMember.Role.ADMIN).exists():
        return None
    successor = others.order_by("joined_at", "id").first()
    if successor is not None:
        successor.role = GroupMember.Role.ADMIN
        successor.save(update_fields=["role"])
    return successor
