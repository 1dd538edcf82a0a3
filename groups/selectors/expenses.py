"""A group's expenses and payments."""

from datetime import date as Date

from django.db.models import Exists, OuterRef, QuerySet

from groups.models import Expense, Group, Share


def expenses_of(group: Group) -> QuerySet[Expense]:
    """A group's expenses and payments, newest first, with their shares prefetched."""
    return (
        Expense.objects.filter(group=group)
        .select_related("created_by")
        .prefetch_related("shares")
        .order_by("-date", "-id")
    )


def expenses_matching(
    group: Group,
    *,
    member_id: int | None = None,
    kind: str = "",
    date_after: Date | None = None,
    date_before: Date | None = None,
    search: str = "",
) -> QuerySet[Expense]:
    """A group's expenses and payments narrowed by the given filters, newest first.

    ``member_id``: those the member paid towards or owes part of; ``search``: words of the
    description, in any case.
    """
    expenses = expenses_of(group)
    if member_id is not None:
        expenses = expenses.filter(
            Exists(Share.objects.filter(expense=OuterRef("pk"), member_id=member_id))
        )
    if kind:
        expenses = expenses.filter(kind=kind)
    if date_after:
        expenses = expenses.filter(date__gte=date_after)
    if date_before:
        expenses = expenses.filter(date__lte=date_before)
    for word in search.split():
        expenses = expenses.filter(description__icontains=word)
    return expenses
