"""A group's exchange rates."""

import datetime
from decimal import Decimal

from django.db.models import QuerySet

from groups.models import ExchangeRate, Group


def rates_of(group: Group) -> QuerySet[ExchangeRate]:
    """The group's rate table, by currency, newest first."""
    return ExchangeRate.objects.filter(group=group).order_by("currency", "-date", "id")


def latest_rate(group: Group, currency: str, on: datetime.date) -> Decimal | None:
    """The group's latest ``currency`` rate dated on or before ``on``, if any."""
    rates = ExchangeRate.objects.filter(group=group, currency=currency, date__lte=on)
    return rates.order_by("-date").values_list("rate", flat=True).first()


def rate_currencies(group: Group) -> list[str]:
    """The currencies the group's rate table has a rate for, by code."""
    codes = ExchangeRate.objects.filter(group=group).values_list("currency", flat=True)
    return sorted(set(codes))
