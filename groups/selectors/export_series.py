"""A group's repeating expenses read for export, keyed as the export names its expenses."""

from collections.abc import Iterator

from groups.interchange.model import Recurrence
from groups.models import Group, RecurringOccurrence, RecurringSeries


class SeriesExport:
    """The group's repeating expenses, written after the expenses whose keys they name.

    Read when the export begins (in its snapshot): the series and their occurrences, which
    are few beside the expenses. The expenses' keys are noted as they are written.
    """

    def __init__(self, group: Group) -> None:
        self.series = list(
            RecurringSeries.objects.filter(group=group)
            .order_by("expense__date", "expense_id")
            .values_list(
                "pk",
                "expense_id",
                "every",
                "interval",
                "until",
                "first_date",
                "next_index",
                "next_date",
                "active",
                "paused_reason",
                "stopped_at",
            )
        )
        self.occurrences: dict[int, list[tuple]] = {}
        for series_id, day, expense_id in (
            RecurringOccurrence.objects.filter(group=group)
            .order_by("date", "id")
            .values_list("series_id", "date", "expense_id")
        ):
            self.occurrences.setdefault(series_id, []).append((day, expense_id))
        self.wanted = {row[1] for row in self.series} | {
            expense_id for rows in self.occurrences.values() for _, expense_id in rows
        }
        self.keys: dict[int, str] = {}

    def note(self, expense_id: int, key: str) -> None:
        if expense_id in self.wanted:
            self.keys[expense_id] = key

    def __call__(self) -> Iterator[tuple[str, Recurrence]]:
        for (
            pk,
            expense_id,
            every,
            interval,
            until,
            first,
            index,
            next_date,
            active,
            *rest,
        ) in self.series:
            reason, stopped_at = rest
            yield (
                self.keys[expense_id],
                Recurrence(
                    every=every,
                    interval=interval,
                    until=until,
                    active=active,
                    first_date=first,
                    next_index=index,
                    next_date=next_date,
                    paused_reason=reason,
                    stopped=stopped_at is not None,
                    occurrences=[
                        (day, self.keys[expense_id])
                        for day, expense_id in self.occurrences.get(pk, [])
                    ],
                ),
            )
