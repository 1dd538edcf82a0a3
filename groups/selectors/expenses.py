"""A group's expenses and payments, and its trash."""

from django.db.models import QuerySet

from groups.models import Expense, Group


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
