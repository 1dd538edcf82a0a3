"""Invite links as the API and the web pages look them up."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from groups.models import Group, GroupMember, InviteLink

# Where the web page for an invite lives; the API hands out this path made absolute.
JOIN_PATH = "/join/{token}/"


def join_path(invite: InviteLink) -> str:
    return JOIN_PATH.format(token=invite.token)


def active_invite(group: Group) -> InviteLink | None:
    """``group``'s working invite link, if it has one."""
    return InviteLink.objects.active().filter(group=group).first()


def invite_by_token(token: str) -> InviteLink | None:
    """The working invite link with this token; None for an unknown or disabled one."""
    return InviteLink.objects.active().select_related("group").filter(token=token).first()


def claimable_guests(group: Group) -> QuerySet[GroupMember]:
    """The guests someone joining may claim as themself: active, with no account."""
    return group.members.filter(user__isnull=True, is_active=True).order_by("name", "id")


def membership_for_invite(invite: InviteLink, user: AbstractBaseUser) -> GroupMember | None:
    """``user``'s active membership of the invite's group, if they are already in it."""
    return GroupMember.objects.filter(group_id=invite.group_id, user=user, is_active=True).first()
