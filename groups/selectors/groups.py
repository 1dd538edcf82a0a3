"""Which groups a user sees, and their membership of one."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from groups.models import Group, GroupMember


def groups_for_user(user: AbstractBaseUser) -> QuerySet[Group]:
    """The groups ``user`` is an active member of; everything else is invisible to them."""
    membership = GroupMember.objects.filter(group=OuterRef("pk"), user=user, is_active=True)
    return Group.objects.filter(Exists(membership))


def membership_of(group: Group, user: AbstractBaseUser) -> GroupMember | None:
    """``user``'s active membership of ``group``, if any."""
    return GroupMember.objects.filter(group=group, user=user, is_active=True).first()


def membership_or_404(group: Group, user: AbstractBaseUser) -> GroupMember:
    """``user``'s active membership of ``group``; without one the group does not exist for them."""
    membership = membership_of(group, user)
    if membership is None:
        raise Http404
    return membership
