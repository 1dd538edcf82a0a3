"""A group's members and who manages them."""

from groups import references
from groups.models import GroupMember


def managers_of(members: list[GroupMember]) -> dict[int, GroupMember]:
    """Who manages each managed member of ``members`` (all of one group).

    Managers missing from ``members`` are fetched in one query.
    """
    managed = [m for m in members if m.managed_by_id is not None]
    if not managed:
        return {}
    wanted = references.wanted_managers(managed)
    candidates = GroupMember.objects.filter(group_id=managed[0].group_id).filter(wanted)
    return references.resolve_managers([*members, *candidates])
