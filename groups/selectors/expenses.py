"""A group's expenses and payments, and its trash."""

from datetime import date as Date

from django.db.models import Exists, OuterRef, QuerySet

from groups.models import Expense, Group, Share


def expenses_of(group: Group, *, trash: bool | None = False) -> QuerySet[Expense]:
    """A group's expenses and payments, newest first, with their shares prefetched.

    The live ones by default; ``trash=True`` for those in the trash, ``None`` for both.
    Everything that lists or sums expenses reads them through here or ``Expense.objects.live()``.
    """
    expenses = Expense.objects.filter(group=group)
    if trash is not None:
        expenses = expenses.trashed() if trash else expenses.live()
    return (
        expenses.select_related("created_by", "occurrence")
        .prefetch_related("shares")
        .order_by("-date", "-id")
    )


def expenses_matching(
    group: Group,
    *,
    member_id: int | None = None,
    kind: str = "",
    category: str | None = None,
    date_after: Date | None = None,
    date_before: Date | None = None,
    search: str = "",
) -> QuerySet[Expense]:
    """A group's expenses and payments narrowed by the given filters, newest first.

    ``member_id``: those the member paid towards or owes part of; ``category``: a category's
    slug ("" for expenses without one); ``search``: words of the description, in any case.
    """
    expenses = expenses_of(group)
    if member_id is not None:
        expenses = expenses.filter(
            Exists(Share.objects.filter(expense=OuterRef("pk"), member_id=member_id))
        )
    if kind:
        expenses = expenses.filter(kind=kind)
    if category is not None:
        expenses = expenses.filter(category=category)
    if date_after:
        expenses = expenses.filter(date__gte=date_after)
    if date_before:
        expenses = expenses.filter(date__lte=date_before)
    for word in search.split():
        expenses = expenses.filter(description__icontains=word)
    return expenses
