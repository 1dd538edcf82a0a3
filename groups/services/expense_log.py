"""What an expense's update keeps in the activity log: its fields and shares before → after."""

from groups.models import Expense
from groups.services.activity import Actor, actor_name, changes_between, record


def snapshot(expense: Expense) -> dict:
    """What an update may change: the expense's fields and every member's share."""
    shares = expense.shares.select_related("member").order_by("member_id")
    return {
        "description": expense.description,
        "amount": expense.amount,
        "date": expense.date,
        "category": expense.category,
        "split": expense.split,
        "shares": [
            {"member": s.member_id, "name": s.member.name, "paid": str(s.paid), "owed": str(s.owed)}
            for s in shares
        ],
    }


def record_update(expense: Expense, before: dict, actor: Actor) -> Expense:
    """Record ``expense.updated`` with what changed since ``before``; nothing when nothing did."""
    changed = changes_between(before, snapshot(expense))
    if changed:
        record(
            actor=actor,
            group=expense.group,
            action="expense.updated",
            obj=expense,
            changes=changed,
            summary=f"{actor_name(actor)} changed {before['description']}: {', '.join(changed)}",
        )
    return expense
