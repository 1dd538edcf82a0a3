"""A group's expenses and payments."""

from django.db.models import QuerySet

from groups.models import Expense, Group


def expenses_of(group: Group) -> QuerySet[Expense]:
    """A group's expenses and payments, newest first, with their shares prefetched."""
    return (
        Expense.objects.filter(group=group)
        .select_related("created_by")
        .prefetch_related("shares")
        .order_by("-date", "-id")
    )
