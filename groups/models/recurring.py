"""Recurring expenses: a series, and the occurrences it has created."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from groups.domain.recurrence import MAX_INTERVAL, UNITS, Repeat
from groups.models.expenses import Expense
from groups.models.groups import Group


class RecurringSeriesQuerySet(models.QuerySet):
    def due(self, today) -> "RecurringSeriesQuerySet":
        """The active series with an occurrence due on or before ``today`` not yet created."""
        return self.filter(active=True, next_date__lte=today)


class RecurringSeries(models.Model):
    """An expense that repeats: its first occurrence is ``expense``, which later ones copy.

    Occurrence k falls on ``first_date`` + k * ``interval`` ``every`` (see
    ``groups.domain.recurrence``); ``next_index`` and ``next_date`` name the first one not yet
    created (``next_date`` is None once there is none to come). A series stops when a member
    stops it (``stopped_at``), pauses by itself when an occurrence would involve a member who
    left (``paused_reason``), and ends after ``until``; in all three ``active`` is False.
    """

    Unit = models.TextChoices("Unit", [(unit.upper(), unit) for unit in UNITS])

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="recurring_series")
    expense = models.OneToOneField(Expense, on_delete=models.CASCADE, related_name="started_series")
    every = models.CharField(max_length=5, choices=Unit.choices)
    interval = models.PositiveIntegerField(default=1)
    until = models.DateField(null=True, blank=True)
    first_date = models.DateField()
    next_index = models.PositiveIntegerField(default=1)
    next_date = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    paused_reason = models.CharField(max_length=300, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(null=True, blank=True)

    objects = RecurringSeriesQuerySet.as_manager()

    class Meta:
        db_table = "recurring_series"
        ordering = ["id"]
        verbose_name_plural = "recurring series"
        indexes = [
            # What run_recurring looks for: active series by their next date.
            models.Index(fields=["next_date"], name="series_due", condition=Q(active=True)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval__gte=1, interval__lte=MAX_INTERVAL),
                name="series_interval_range",
            ),
            models.CheckConstraint(condition=Q(every__in=UNITS), name="series_unit_valid"),
        ]

    def __str__(self):
        return f"{self.expense.description}, {self.describe()}"

    @property
    def repeat(self) -> Repeat:
        return Repeat(every=self.every, interval=self.interval, until=self.until)

    def describe(self) -> str:
        """The rule in words: "every month", "every 2 weeks until 2026-12-31"."""
        unit = self.every if self.interval == 1 else f"{self.interval} {self.every}s"
        until = f" until {self.until.isoformat()}" if self.until else ""
        return f"every {unit}{until}"


class RecurringOccurrence(models.Model):
    """The expense a series created for one of its dates: at most one per (series, date).

    The unique constraint is what makes run_recurring create each occurrence exactly once,
    whoever runs it and however often. The row stays when its expense is trashed, so a
    trashed occurrence is not created again.
    """

    series = models.ForeignKey(
        RecurringSeries, on_delete=models.CASCADE, related_name="occurrences", db_index=False
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+", db_index=False)
    date = models.DateField()
    expense = models.OneToOneField(Expense, on_delete=models.CASCADE, related_name="occurrence")

    class Meta:
        db_table = "recurring_occurrences"
        ordering = ["series", "date"]
        constraints = [
            models.UniqueConstraint(fields=["series", "date"], name="occurrence_once_per_date"),
        ]

    def __str__(self):
        return f"{self.series_id} on {self.date.isoformat()}"
