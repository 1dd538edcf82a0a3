"""A group: people sharing costs in one currency."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone


class Group(models.Model):
    """A set of people sharing costs (a trip, a flat, a family), in one currency."""

    name = models.CharField(max_length=100)
    currency = models.CharField(
        max_length=3,
        default="EUR",
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code.")],
        help_text="ISO 4217 code, e.g. EUR.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_expense_groups",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "expense_groups"
        ordering = ["id"]

    def __str__(self):
        return self.name
