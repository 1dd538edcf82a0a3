"""How ``managed_by`` names a manager, read and written in one place.

A member's manager is stored as a generic reference: the content type and id of a registered
user (``AUTH_USER_MODEL``, the usual case) or of a guest member heading a household. Everything
that turns a manager into those two columns, or the columns back into a manager, is here.
"""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

if TYPE_CHECKING:
    from groups.models import GroupMember

# The only targets managed_by may hold: the user model or a group member.
MANAGER_CONTENT_TYPES = Q(
    app_label=settings.AUTH_USER_MODEL.split(".")[0],
    model=settings.AUTH_USER_MODEL.split(".")[1].lower(),
) | Q(app_label="groups", model="groupmember")


def user_type_id() -> int:
    """The content type id of the user model (cached by Django after the first call)."""
    app_label, model = settings.AUTH_USER_MODEL.split(".")
    return ContentType.objects.get_by_natural_key(app_label, model.lower()).pk


def member_type_id() -> int:
    """The content type id of GroupMember."""
    return ContentType.objects.get_by_natural_key("groups", "groupmember").pk


def reference_to(manager: "GroupMember") -> tuple[int, int]:
    """The (content type id, object id) that ``managed_by`` stores for ``manager``.

    A registered member is stored as their user, so the reference survives a rename; a guest
    is stored as the member itself.
    """
    if manager.user_id is not None:
        return user_type_id(), manager.user_id
    return member_type_id(), manager.pk


def set_reference(member: "GroupMember", manager: "GroupMember | None") -> None:
    """Point ``member``'s managed_by columns at ``manager`` (None clears them); not saved."""
    if manager is None:
        member.managed_by_type_id, member.managed_by_id = None, None
    else:
        member.managed_by_type_id, member.managed_by_id = reference_to(manager)


def is_user_reference(member: "GroupMember") -> bool:
    """Whether ``member``'s stored manager is a user (else a member, or nobody)."""
    return member.managed_by_id is not None and member.managed_by_type_id == user_type_id()


def reference_kind(member: "GroupMember") -> str:
    """``"user"`` or ``"member"``: the type of the stored manager, as the API names it."""
    return "user" if is_user_reference(member) else "member"


def managed_by_filter(manager: "GroupMember") -> Q:
    """A filter for the members of ``manager``'s group whom ``manager`` manages."""
    type_id, object_id = reference_to(manager)
    return Q(group_id=manager.group_id, managed_by_type_id=type_id, managed_by_id=object_id)


def references_to(group_id: int, reference: tuple[int, int]) -> Q:
    """A filter for the members of group ``group_id`` whose stored manager is ``reference``."""
    type_id, object_id = reference
    return Q(group_id=group_id, managed_by_type_id=type_id, managed_by_id=object_id)


def as_columns(reference: tuple[int, int]) -> dict[str, int]:
    """``reference`` as the values of the two managed_by columns, for an ``update()``."""
    type_id, object_id = reference
    return {"managed_by_type_id": type_id, "managed_by_id": object_id}


def follow_reference_change(member: "GroupMember", before: tuple[int, int]) -> int:
    """Re-point the household of ``member``, whose reference was ``before``, at its new one.

    A registered manager is stored as their user and a guest as the member (``reference_to``),
    so when a guest becomes a registered member (claimed through an invite) the members it
    manages still name the member: they would no longer match ``managed_by_filter`` (rule 3's
    release, rule 4's clean-up). Call it after saving ``member``; returns how many moved.
    """
    after = reference_to(member)
    if after == before:
        return 0
    household = type(member).objects.filter(references_to(member.group_id, before))
    return household.update(**as_columns(after))


def references_to_user(user_id: int) -> Q:
    """A filter for every membership, in any group, managed by the user ``user_id``."""
    return Q(managed_by_type_id=user_type_id(), managed_by_id=user_id)


def wanted_managers(members: Iterable["GroupMember"]) -> Q | None:
    """A filter for the members that the managed among ``members`` point at (None: nobody)."""
    user_ids, member_ids = set(), set()
    for member in members:
        if member.managed_by_id is not None:
            wanted = user_ids if is_user_reference(member) else member_ids
            wanted.add(member.managed_by_id)
    if not user_ids and not member_ids:
        return None
    return Q(user_id__in=user_ids) | Q(pk__in=member_ids)


def resolve_managers(members: Iterable["GroupMember"]) -> dict[int, "GroupMember"]:
    """Who manages each managed member, found among ``members`` (one group's roster)."""
    members = list(members)
    by_id: Mapping[int, GroupMember] = {m.pk: m for m in members}
    by_user: Mapping[int, GroupMember] = {m.user_id: m for m in members if m.user_id is not None}
    managers = {}
    for member in members:
        if member.managed_by_id is None:
            continue
        lookup = by_user if is_user_reference(member) else by_id
        manager = lookup.get(member.managed_by_id)
        if manager is not None:
            managers[member.pk] = manager
    return managers
