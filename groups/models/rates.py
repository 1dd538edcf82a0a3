"""A group's table of exchange rates, by currency and date."""

from django.db import models
from django.db.models import Q

from groups.fields import RateField
from groups.models.groups import Group


class ExchangeRate(models.Model):
    """How many units of the group's currency one unit of ``currency`` was worth on ``date``.

    An expense in another currency recorded without a rate takes the latest one dated on or
    before its date. At most one rate per group, currency and day; never one for the group's
    own currency (that is always 1).
    """

    # No index of its own: the unique (group, currency, date) index serves lookups by group.
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="exchange_rates", db_index=False
    )
    currency = models.CharField(max_length=3, help_text="ISO 4217 code, e.g. USD.")
    date = models.DateField()
    rate = RateField(help_text="Units of the group's currency for one unit of this currency.")

    class Meta:
        db_table = "exchange_rates"
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "currency", "date"], name="rate_once_per_currency_and_day"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="rate_positive"),
        ]

    def __str__(self):
        return f"1 {self.currency} = {self.rate} on {self.date}"
