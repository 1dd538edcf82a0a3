"""The member-management rules, checked in one place for the API, the admin and the web pages.

1. Manager and managed member belong to the same group and are both active.
2. Nobody manages themselves; one level only (a managed member manages nobody, a manager is
   not managed).
3. An admin may always set or clear a manager. Otherwise a registered member may claim an
   unmanaged guest, release a member they manage, and leave their own manager.
Rules 4 (a leaving manager releases their members) and 5 (management never touches shares)
are kept by the services that deactivate members and by balances being computed. How the
manager is stored is ``groups.references``' business.
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError

from groups.models import GroupMember


def check_may_set(*, actor: GroupMember, member: GroupMember) -> None:
    """Rule 3, before reading the body: may ``actor`` set anyone's manager on ``member``?"""
    if actor.is_admin:
        return
    if member.is_guest and member.managed_by_id is None and actor.user_id is not None:
        return  # a registered member may claim an unmanaged guest
    raise PermissionDenied("Only an admin may change this member's manager.")


def check_may_set_to(
    *, actor: GroupMember, member: GroupMember, manager: GroupMember | None
) -> None:
    """Rule 3, with the body read: a non-admin may only name themself."""
    check_may_set(actor=actor, member=member)
    if not actor.is_admin and (manager is None or manager.pk != actor.pk):
        raise PermissionDenied("You may only make yourself the manager of a guest.")


def check_may_clear(*, actor: GroupMember, member: GroupMember) -> None:
    """Rule 3 for clearing: admins, the managed member themself, or their manager."""
    if actor.is_admin or actor.pk == member.pk or member.is_managed_by(actor):
        return
    raise PermissionDenied("Only an admin, the member or their manager may clear this.")


def validate_manager(*, member: GroupMember, manager: GroupMember | None) -> None:
    """Rules 1 and 2 for making ``manager`` the manager of ``member``."""
    if manager is None:
        raise ValidationError({"manager": "No such member in this group."})
    if manager.group_id != member.group_id:
        raise ValidationError({"manager": "The manager must be a member of the same group."})
    if not member.is_active:
        raise ValidationError({"member": f"{member.name} is no longer active."})
    if not manager.is_active:
        raise ValidationError({"manager": f"{manager.name} is no longer active."})
    if manager.pk == member.pk:
        raise ValidationError({"manager": "A member cannot manage themself."})
    if manager.managed_by_id is not None:
        raise ValidationError(
            {"manager": f"{manager.name} is managed by someone else, so cannot manage others."}
        )
    if GroupMember.objects.managed_by(member).exists():
        raise ValidationError(
            {"manager": f"{member.name} manages other members, so cannot be managed."}
        )


def eligible_managers(member: GroupMember, members: Sequence[GroupMember]) -> list[GroupMember]:
    """Who may manage ``member`` among ``members`` (its group): active, unmanaged, not itself."""
    return [
        m
        for m in members
        if m.is_active and m.managed_by_id is None and (member.pk is None or m.pk != member.pk)
    ]
