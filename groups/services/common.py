"""What the write services share: the group lock, membership and admin checks, amounts,
notes."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

from groups.domain.money import SplitError, parse_amount
from groups.models import Group, GroupMember
from groups.models.expenses import MAX_NOTES


def lock_group(group_id: int) -> None:
    """Serialise the writes to one group until the transaction ends.

    SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions already serialise.
    """
    list(Group.objects.select_for_update().filter(pk=group_id).values_list("pk", flat=True))


def require_admin(actor: GroupMember) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Only a group admin may do this.")


def require_another_admin(member: GroupMember) -> None:
    others = member.group.members.filter(role=GroupMember.Role.ADMIN, is_active=True)
    if not others.exclude(pk=member.pk).exists():
        raise ValidationError({"role": "A group needs at least one active admin."})


def active_members(group: Group, fields_by_id: dict[int, str]) -> dict[int, GroupMember]:
    """The named members, checked to be active members of ``group``."""
    found = {
        m.pk: m
        for m in GroupMember.objects.filter(group=group, is_active=True, pk__in=fields_by_id)
    }
    for member_id, field in fields_by_id.items():
        if member_id not in found:
            raise ValidationError({field: f"{member_id} is not an active member of this group."})
    return found


def parse_money(value: object, field: str) -> Decimal:
    """An amount of money from a caller, or a ValidationError naming ``field``."""
    try:
        return parse_amount(value, field=field)
    except SplitError as error:
        raise ValidationError({error.field: str(error)}) from None


def check_notes(notes: object) -> str:
    """An expense's notes: text of at most MAX_NOTES characters, or a ValidationError."""
    if not isinstance(notes, str):
        raise ValidationError({"notes": "Notes are text."})
    if len(notes) > MAX_NOTES:
        raise ValidationError(
            {"notes": f"Notes can have at most {MAX_NOTES} characters (these have {len(notes)})."}
        )
    return notes
