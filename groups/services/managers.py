"""Setting and clearing who manages a member (rules 1-3, checked in groups.rules)."""

from django.db import transaction

from groups import references, rules
from groups.models import GroupMember
from groups.services.common import lock_group, reload, reload_actor


def member_set_manager(*, member: GroupMember, actor: GroupMember, manager_id: int) -> GroupMember:
    """Make the member ``manager_id`` the manager of ``member`` (rules 1-3), as ``actor``."""
    rules.check_may_set(actor=actor, member=member)
    with transaction.atomic():
        # One management change per group at a time, so two concurrent changes cannot
        # together build a chain that neither would have allowed alone.
        lock_group(member.group_id)
        member, actor = reload(member), reload_actor(actor)
        rules.check_may_set(actor=actor, member=member)
        manager = GroupMember.objects.filter(pk=manager_id, group_id=member.group_id).first()
        rules.check_may_set_to(actor=actor, member=member, manager=manager)
        rules.validate_manager(member=member, manager=manager)
        references.set_reference(member, manager)
        member.save(update_fields=["managed_by_type", "managed_by_id"])
    return member


@transaction.atomic
def member_clear_manager(*, member: GroupMember, actor: GroupMember) -> GroupMember:
    """Clear ``member``'s manager, as ``actor``; clearing an unmanaged member is a no-op."""
    lock_group(member.group_id)
    member, actor = reload(member), reload_actor(actor)
    rules.check_may_clear(actor=actor, member=member)
    if member.managed_by_id is not None:
        references.set_reference(member, None)
        member.save(update_fields=["managed_by_type", "managed_by_id"])
    return member
