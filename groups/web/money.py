"""Amounts of money as people read them: the locale's separators and the currency's symbol."""

from decimal import Decimal

from babel.numbers import format_currency
from django.utils import translation


def current_locale() -> str:
    """The Babel locale of the active language ("en-us" is en_US)."""
    return translation.to_locale(translation.get_language() or "en-us")


def format_money(amount: Decimal, currency: str, *, locale: str | None = None) -> str:
    """``amount`` in ``currency``, e.g. €5,000,000,606.00 in English.

    Always with the two decimals the project keeps, also for currencies that usually show
    none (JPY), so what is shown is exactly what is stored.
    """
    return format_currency(
        amount, currency, locale=locale or current_locale(), currency_digits=False
    )
