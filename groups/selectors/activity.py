"""The activity log: a group's, newest first, and one expense's own history."""

from django.db.models import QuerySet

from groups.models import Activity, Expense, Group


def group_activity(group: Group) -> QuerySet[Activity]:
    """Everything that happened in ``group``, newest first (one range of its index)."""
    return Activity.objects.filter(group=group).select_related("actor").order_by("-id")


def expense_history(expense: Expense) -> QuerySet[Activity]:
    """What happened to one expense or payment: created, changed, trashed, restored …"""
    return Activity.objects.filter(expense=expense).select_related("actor").order_by("-id")
