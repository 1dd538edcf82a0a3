"""Invite links: a group's admins make and disable them; anyone with one joins or claims a guest."""

import secrets
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from groups import references
from groups.models import Group, GroupMember, InviteLink
from groups.services.activity import actor_name, record
from groups.services.common import lock_group, require_admin

# 32 random bytes: a 256-bit token, 43 characters of URL-safe base64.
TOKEN_BYTES = 32


@dataclass(frozen=True)
class Joined:
    """The caller's membership after a join, and whether the join changed anything."""

    member: GroupMember
    created: bool


@transaction.atomic
def invite_create(*, group: Group, actor: GroupMember) -> InviteLink:
    """A new invite link for ``group`` (admins only); the group's previous link stops working."""
    require_admin(actor)
    lock_group(group.pk)
    replaced = InviteLink.objects.active().filter(group=group).update(disabled_at=timezone.now())
    invite = InviteLink(
        group=group, token=secrets.token_urlsafe(TOKEN_BYTES), created_by=actor.user
    )
    invite.save()
    summary = f"{actor_name(actor)} made a new invite link"
    if replaced:
        summary += "; the previous one no longer works"
    record(actor=actor, group=group, action="invite.created", obj=invite, summary=summary)
    return invite


@transaction.atomic
def invite_disable(*, group: Group, actor: GroupMember) -> None:
    """Disable ``group``'s invite link (admins only); without one, nothing happens."""
    require_admin(actor)
    lock_group(group.pk)
    active = list(InviteLink.objects.active().filter(group=group))
    if not active:
        return
    InviteLink.objects.filter(pk__in=[invite.pk for invite in active]).update(
        disabled_at=timezone.now()
    )
    record(
        actor=actor,
        group=group,
        action="invite.disabled",
        obj=active[0],
        summary=f"{actor_name(actor)} disabled the invite link",
    )


@transaction.atomic
def invite_join(
    *, invite: InviteLink, user: AbstractBaseUser, claim: int | None = None, name: str = ""
) -> Joined:
    """``user`` joins ``invite``'s group: as a new member, back in the membership they left,
    or as the guest ``claim`` ("this is me"), which keeps the guest's history and manager.

    An invite disabled meanwhile raises ``InviteLink.DoesNotExist``.
    """
    lock_group(invite.group_id)
    invite = InviteLink.objects.active().select_related("group").get(pk=invite.pk)
    group = invite.group
    existing = GroupMember.objects.filter(group=group, user=user).first()
    if claim is not None:
        return Joined(_claim(group, user, existing, claim), created=True)
    if existing is not None and existing.is_active:
        return Joined(existing, created=False)
    if existing is not None:
        # Whoever left comes back in the membership they left, with its history; as a member.
        existing.is_active, existing.role = True, GroupMember.Role.MEMBER
        existing.save(update_fields=["is_active", "role"])
        record(
            actor=user,
            group=group,
            action="member.joined",
            obj=existing,
            changes={"active": {"before": False, "after": True}},
            summary=f"{existing.name} came back through the invite link",
        )
        return Joined(existing, created=True)
    name = (name or user.get_username()).strip()
    if GroupMember.objects.filter(group=group, name=name).exists():
        raise ValidationError(
            {
                "name": f"A member named {name!r} already exists in this group: claim that "
                "guest if it is you, or choose another name."
            }
        )
    member = GroupMember(group=group, user=user, name=name)
    member.full_clean(validate_constraints=False)
    member.save()
    record(
        actor=user,
        group=group,
        action="member.joined",
        obj=member,
        summary=f"{name} joined through the invite link",
    )
    return Joined(member, created=True)


def _claim(
    group: Group, user: AbstractBaseUser, existing: GroupMember | None, guest_id: int
) -> GroupMember:
    if existing is not None and existing.is_active:
        raise ValidationError(
            {"claim": f"You are already a member of this group, as {existing.name}."}
        )
    if existing is not None:
        raise ValidationError(
            {"claim": f"You were a member as {existing.name}: join without claim to come back."}
        )
    guest = GroupMember.objects.filter(group=group, pk=guest_id).first()
    if guest is None:
        raise ValidationError({"claim": f"{guest_id} is not a member of this group."})
    if guest.user_id is not None:
        raise ValidationError(
            {"claim": f"{guest.name} already has an account: only a guest can be claimed."}
        )
    if not guest.is_active:
        raise ValidationError({"claim": f"{guest.name} has left the group."})
    before = references.reference_to(guest)
    guest.user = user
    guest.save(update_fields=["user"])
    moved = references.follow_reference_change(guest, before)
    changes = {"user": {"before": None, "after": user.get_username()}}
    if moved:
        changes["household"] = moved
    record(
        actor=user,
        group=group,
        action="member.claimed",
        obj=guest,
        changes=changes,
        summary=f"{user.get_username()} joined as {guest.name}",
    )
    return guest
