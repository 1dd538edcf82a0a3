"""The activity log: one entry per change made to a group."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from groups.fields import JSONTextField
from groups.models.expenses import Expense
from groups.models.groups import Group


class Activity(models.Model):
    """Who changed what in a group, and when: written by the service that made the change.

    Every successful write records exactly one entry in its own transaction, so a refused
    write leaves none. ``object_type`` and ``object_id`` name what was changed (an expense, a
    member, the group …); ``changes`` keeps an update's ``{"field": {"before", "after"}}``.
    ``expense`` links the entries about one expense or payment, its own history. The entries
    go with their group; the one saying a group was deleted has no group.
    """

    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="activity",
        db_index=False,  # the (group, id) index serves it
    )
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    action = models.CharField(max_length=50)
    object_type = models.CharField(max_length=30, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    expense = models.ForeignKey(
        Expense,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity",
        db_index=False,  # the (expense, id) index serves it
    )
    summary = models.CharField(max_length=500)
    changes = JSONTextField(default=dict, blank=True)

    class Meta:
        db_table = "activity"
        ordering = ["-id"]
        verbose_name_plural = "activity"
        indexes = [
            models.Index(fields=["group", "-id"], name="activity_group_newest"),
            models.Index(fields=["expense", "-id"], name="activity_expense_newest"),
        ]

    def __str__(self):
        return self.summary
