"""Creating, changing and deleting groups."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from groups.domain.currencies import currency_code
from groups.models import Group, GroupMember
from groups.services.common import clean_name, lock_group, reload_actor, require_admin


@transaction.atomic
def group_create(*, creator: AbstractBaseUser, name: str, currency: str = "EUR") -> Group:
    """Create a group with its creator as the first member and admin."""
    name = clean_name(name, "name", person=False)
    group = Group(name=name, currency=currency_code(currency), created_by=creator)
    group.full_clean()
    group.save()
    GroupMember.objects.create(
        group=group, user=creator, name=creator.get_username(), role=GroupMember.Role.ADMIN
    )
    return group


@transaction.atomic
def group_update(*, group: Group, actor: GroupMember, **changes) -> Group:
    """Rename a group or change its currency (admins only)."""
    group = lock_group(group.pk)
    require_admin(reload_actor(actor))
    if "name" in changes:
        group.name = clean_name(changes["name"], "name", person=False)
    if "currency" in changes:
        group.currency = currency_code(changes["currency"])
    group.full_clean()
    group.save(force_update=True)
    return group


@transaction.atomic
def group_delete(*, group: Group, actor: GroupMember) -> None:
    """Delete a group with everything in it (admins only)."""
    group = lock_group(group.pk)
    require_admin(reload_actor(actor))
    group.delete()
