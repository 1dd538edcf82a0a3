"""A group with something for every write endpoint to act on, for the activity tests.

ann administers Trip; bob is a member; Kid is managed by ann; Spare is an unmanaged guest;
Gone left after settling, leaving an expense (live) and one in the trash that involve them.
There is an expense with bob's comment, a payment, a trashed expense, a running, a paused
and a stopped series, and an invite link; eve is signed in but not a member.
"""

from datetime import date

from django.core.cache import cache

from groups.models import RecurringSeries
from groups.services.comments import comment_add
from groups.services.expenses import expense_delete
from groups.services.invites import invite_create
from groups.services.managers import member_set_manager
from groups.services.members import member_deactivate
from groups.services.payments import payment_create
from groups.services.recurring import series_stop
from tests.factories import GuestFactory, UserFactory, add_expense, add_repeating_expense


def build_world(group, ann, bob, kid) -> dict:
    cache.clear()  # throttle counts
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    spare = GuestFactory(group=group, name="Spare")
    gone = GuestFactory(group=group, name="Gone")
    with_gone = add_expense(group, ann, [ann, gone], amount="10.00")
    trashed_with_gone = add_expense(group, ann, [ann, gone], amount="6.00")
    expense_delete(expense=trashed_with_gone)
    payment_create(
        group=group, created_by=None, from_member_id=gone.pk, to_member_id=ann.pk, amount="5.00"
    )
    member_deactivate(member=gone, actor=ann)
    expense = add_expense(group, ann, [ann, bob, kid], amount="30.00")
    trashed = add_expense(group, bob, [ann, bob], amount="8.00")
    expense_delete(expense=trashed)
    payment = payment_create(
        group=group, created_by=None, from_member_id=bob.pk, to_member_id=ann.pk, amount="4.00"
    )
    running = add_repeating_expense(group, ann, [ann, bob], first=date(2026, 1, 1))
    paused = add_repeating_expense(group, bob, [ann, bob], first=date(2026, 1, 5))
    RecurringSeries.objects.filter(expense=paused).update(active=False, paused_reason="Paused.")
    stopped = add_repeating_expense(group, bob, [bob, kid], first=date(2026, 1, 9), every="week")
    series_stop(series=stopped.started_series)
    invite = invite_create(group=group, actor=ann)
    comment = comment_add(expense=expense, author=bob.user, text="Paid in cash")
    return {
        "group": group.pk,
        "ann": ann.pk,
        "bob": bob.pk,
        "kid": kid.pk,
        "spare": spare.pk,
        "gone": gone.pk,
        "expense": expense.pk,
        "comment": comment.pk,
        "payment": payment.pk,
        "trashed": trashed.pk,
        "with_gone": with_gone.pk,
        "trashed_with_gone": trashed_with_gone.pk,
        "running": running.started_series.pk,
        "paused": paused.started_series.pk,
        "stopped": stopped.started_series.pk,
        "token": invite.token,
        "eve": UserFactory(username="eve"),
    }


def fill(value, ids):
    """``value`` with every "{name}" replaced; a string that is only "{name}" becomes the id."""
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, ids) for item in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, str):
        return value.format(**ids)
    return value
