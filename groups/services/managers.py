"""Setting and clearing who manages a member (rules 1-3, checked in groups.rules)."""

from django.db import transaction

from groups import references, rules
from groups.models import GroupMember
from groups.selectors.members import managers_of
from groups.services.activity import actor_name, record
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
        if member.is_managed_by(manager):
            return member  # already so: nothing to write, nothing to record
        before = _manager_name(member)
        references.set_reference(member, manager)
        member.save(update_fields=["managed_by_type", "managed_by_id"])
        record(
            actor=actor,
            group=member.group,
            action="manager.set",
            obj=member,
            changes={"manager": {"before": before, "after": manager.name}},
            summary=f"{actor_name(actor)} made {manager.name} the manager of {member.name}",
        )
    return member


@transaction.atomic
def member_clear_manager(*, member: GroupMember, actor: GroupMember) -> GroupMember:
    """Clear ``member``'s manager, as ``actor``; clearing an unmanaged member is a no-op."""
    lock_group(member.group_id)
    member, actor = reload(member), reload_actor(actor)
    rules.check_may_clear(actor=actor, member=member)
    if member.managed_by_id is not None:
        before = _manager_name(member)
        references.set_reference(member, None)
        member.save(update_fields=["managed_by_type", "managed_by_id"])
        record(
            actor=actor,
            group=member.group,
            action="manager.cleared",
            obj=member,
            changes={"manager": {"before": before, "after": None}},
            summary=f"{actor_name(actor)} cleared the manager of {member.name}",
        )
    return member


def _manager_name(member: GroupMember) -> str | None:
    manager = managers_of([member]).get(member.pk)
    return manager.name if manager else None
