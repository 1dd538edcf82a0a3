"""Currencies of expenses and payments, the rate each one uses, and the group's rate table."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from groups.domain.currencies import CurrencyError, check_currency, currency_code, parse_rate
from groups.models import ExchangeRate, Group
from groups.selectors.rates import latest_rate
from groups.services.activity import Actor, actor_name, record
from groups.services.common import lock_group


def currency_of(value: object, *, field: str = "currency") -> str:
    """A currency code from a caller, or a ValidationError naming ``field``."""
    try:
        return check_currency(value, field=field)
    except CurrencyError as error:
        raise ValidationError({error.field: error.message}) from None


def rate_of(value: object, *, field: str = "exchange_rate") -> Decimal:
    """An exchange rate from a caller, or a ValidationError naming ``field``."""
    try:
        return parse_rate(value, field=field)
    except CurrencyError as error:
        raise ValidationError({error.field: error.message}) from None


def expense_currency(group: Group, currency: object) -> str:
    """An expense's currency: the one given, checked, or the group's."""
    return group.currency if currency is None else currency_of(currency)


def same_currency(given: object, stored: str) -> bool:
    """Whether a currency as a caller gave it is ``stored`` ("usd" is USD)."""
    return isinstance(given, str) and currency_code(given) == stored


def rate_for(*, group: Group, currency: str, date: datetime.date, given: object = None) -> Decimal:
    """The rate an expense in ``currency`` uses: the one given, else the group's table's.

    In the group's own currency the rate is 1. Otherwise, without a rate given, the latest
    one in the group's table dated on or before ``date``; none is a ValidationError.
    """
    if currency == group.currency:
        if given is not None and rate_of(given) != 1:
            raise ValidationError(
                {"exchange_rate": f"An amount in the group's currency ({currency}) has rate 1."}
            )
        return Decimal(1)
    if given is not None:
        return rate_of(given)
    rate = latest_rate(group, currency, date)
    if rate is None:
        raise ValidationError(
            {
                "exchange_rate": f"The group has no {currency} rate dated on or before {date}: "
                f"give exchange_rate ({group.currency} for 1 {currency}) or add a rate first."
            }
        )
    return rate


@transaction.atomic
def rate_set(
    *,
    group: Group,
    currency: object,
    rate: object,
    date: datetime.date | None = None,
    actor: Actor = None,
) -> tuple[ExchangeRate, bool]:
    """Put a rate in the group's table, replacing that day's; whether it is a new row."""
    code = currency_of(currency)
    if code == group.currency:
        raise ValidationError(
            {"currency": f"{code} is the group's currency: its rate is always 1."}
        )
    value = rate_of(rate, field="rate")
    date = date or timezone.localdate()
    lock_group(group.pk)
    existing = ExchangeRate.objects.filter(group=group, currency=code, date=date).first()
    row = existing or ExchangeRate(group=group, currency=code, date=date)
    row.rate = value
    row.full_clean(exclude=["group"], validate_constraints=False)
    row.save()
    record(
        actor=actor,
        group=group,
        action="rate.set",
        obj=row,
        summary=f"{actor_name(actor)} set the {code} rate of {date} to {value}",
    )
    return row, existing is None


@transaction.atomic
def rate_delete(*, rate: ExchangeRate, actor: Actor = None) -> None:
    """Take a rate out of its group's table (expenses keep the rate they used)."""
    group = lock_group(rate.group_id)
    deleted, _ = ExchangeRate.objects.filter(pk=rate.pk).delete()
    if deleted:
        record(
            actor=actor,
            group=group,
            action="rate.deleted",
            obj=("exchangerate", rate.pk),
            summary=f"{actor_name(actor)} deleted the {rate.currency} rate of {rate.date}",
        )
