"""A group's recurring series."""

from django.db.models import QuerySet

from groups.models import Group, RecurringSeries


def series_of(group: Group) -> QuerySet[RecurringSeries]:
    """Every series of ``group``, running or not, oldest first, with its first expense."""
    return RecurringSeries.objects.filter(group=group).select_related("expense").order_by("id")
