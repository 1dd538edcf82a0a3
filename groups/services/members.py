"""Adding members, changing them, and members leaving a group."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from groups import references
from groups.domain import names
from groups.errors import errors_renamed
from groups.models import Group, GroupMember
from groups.selectors.accounts import user_by_username
from groups.selectors.balances import member_balance
from groups.services.activity import (
    Actor,
    actor_name,
    changes_between,
    describe_changes,
    record,
)
from groups.services.common import (
    clean_name,
    lock_group,
    reload,
    reload_actor,
    require_admin,
    require_another_admin,
)

# The one answer for every username that cannot be added, so that none tells whether an
# account exists: adding by username must not be a way to list the accounts.
CANNOT_ADD_USER = "Cannot add that user. Check the username with them, or invite them with a link."


@transaction.atomic
def member_add(
    *,
    group: Group,
    name: str = "",
    user: AbstractBaseUser | None = None,
    actor: Actor = None,
) -> GroupMember:
    """Add a guest by name, or a registered user (named after their username by default).

    Names are normalized and unique in the group whatever their case (groups.domain.names).
    A registered user who left the group is not added back: only they can rejoin.
    """
    group = lock_group(group.pk)
    if user is not None:
        existing = group.members.filter(user=user).first()
        if existing is not None:
            raise ValidationError({"username": _already_in(existing, user.get_username())})
        name = name or user.get_username()
    name = clean_name(name, "name")
    _require_name_free(group, name)
    member = GroupMember(group=group, user=user, name=name)
    member.full_clean(validate_constraints=False)
    member.save()
    account = f" ({user.get_username()})" if user is not None else " (a guest)"
    summary = f"{actor_name(actor)} added {member.name}{account}"
    record(actor=actor, group=group, action="member.added", obj=member, summary=summary)
    return member


@transaction.atomic
def member_add_user(
    *, group: Group, username: str, name: str = "", actor: Actor = None
) -> GroupMember:
    """Add the registered user called ``username`` (in any case), named after it by default.

    The answer does not depend on whether the account exists: a name already in the group
    (which the caller sees) is refused as such, and every other refusal reads CANNOT_ADD_USER.
    """
    group = lock_group(group.pk)
    wanted = names.fold(username)
    for member in group.members.select_related("user"):
        if member.user is not None and names.fold(member.user.get_username()) == wanted:
            raise ValidationError({"username": _already_in(member, member.user.get_username())})
        if names.fold(member.name) == wanted:
            raise ValidationError(
                {"username": f"A member named {member.name!r} already exists in this group."}
            )
    user = user_by_username(username)
    if user is None:
        raise ValidationError({"username": CANNOT_ADD_USER})
    # Named after the username, a clash of names is about the username.
    with errors_renamed({} if name else {"name": "username"}):
        return member_add(group=group, user=user, name=name, actor=actor)


@transaction.atomic
def member_update(*, member: GroupMember, actor: GroupMember, **changes) -> GroupMember:
    """Rename a member, change their role or reactivate them (admins; anyone may rename self)."""
    lock_group(member.group_id)
    member = reload(member)
    if set(changes) - {"name"} or actor.pk != member.pk:
        require_admin(reload_actor(actor))
    before = _state(member)
    if "name" in changes:
        member.name = clean_name(changes["name"], "name")
        _require_name_free(member.group, member.name, exclude=member)
    if "role" in changes:
        if changes["role"] != GroupMember.Role.ADMIN and member.is_admin:
            require_another_admin(member)
        member.role = changes["role"]
    if changes.get("active") is True and not member.is_active:
        if member.user_id is not None:
            raise ValidationError({"active": _already_in(member, member.name)})
        member.is_active = True
    elif changes.get("active") is False:
        raise ValidationError({"active": "Use DELETE to deactivate a member."})
    member.full_clean(validate_constraints=False)
    member.save(update_fields=["name", "role", "is_active"])
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


def _require_name_free(group: Group, name: str, *, exclude: GroupMember | None = None) -> None:
    """Refuse ``name`` when a member of ``group`` has it in any case (under the group's lock)."""
    wanted = names.fold(name)
    others = group.members.exclude(pk=exclude.pk) if exclude else group.members.all()
    for taken in others.values_list("name", flat=True):
        if names.fold(taken) == wanted:
            raise ValidationError(
                {"name": f"A member named {taken!r} already exists in this group."}
            )


def _already_in(member: GroupMember, who: str) -> str:
    """Why a registered user's existing membership cannot be added or reactivated."""
    if member.is_active:
        return f"{who} is already a member."
    return f"{who} left this group; only they can rejoin it (with an invite link)."


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
