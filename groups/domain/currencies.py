"""Currencies: which ISO 4217 codes are valid, their names and symbols, and exchange rates.

This module is the one place that decides whether a currency code or a rate is acceptable;
the API, the web forms, the admin and the rate files all ask it. The list of codes is the
current ISO 4217 list shipped with ``pycountry``; names and symbols come from the CLDR data
shipped with ``Babel``. Neither makes a network call.
"""

import functools
from decimal import Context, Decimal, InvalidOperation

import pycountry
from babel.numbers import get_currency_name, get_currency_precision, get_currency_symbol

from groups.domain.money import PLAIN_DECIMAL, is_non_finite_text

# ISO 4217 codes that name no money: "XTS" is reserved for testing, "XXX" means no currency.
NOT_MONEY = frozenset({"XTS", "XXX"})
# A rate is group-currency units for one unit of another currency, stored as a whole number
# of 10^-10 units: at most 10 decimal places, and at most 18 digits so it fits 64 bits.
RATE_PLACES = 10
RATE_QUANTUM = Decimal(1).scaleb(-RATE_PLACES)
MAX_RATE = Decimal("99999999.9999999999")
MAX_RATE_UNITS = 999_999_999_999_999_999
ONE = Decimal(1)
# Enough digits for any rate, amount or product of the two: never rounded by the context.
RATE_CONTEXT = Context(prec=60)


class CurrencyError(ValueError):
    """A refused currency code or exchange rate; ``field`` names the input at fault."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@functools.cache
def currency_codes() -> frozenset[str]:
    """Every current ISO 4217 code that names money."""
    return frozenset(currency.alpha_3 for currency in pycountry.currencies) - NOT_MONEY


def currency_code(text: str) -> str:
    """An ISO 4217 code as typed (any case, surrounding spaces) in its stored form: "EUR"."""
    return text.strip().upper()


def is_currency(code: str) -> bool:
    """Whether ``code`` (as stored: "EUR") is a current ISO 4217 currency."""
    return code in currency_codes()


def check_currency(value: object, *, field: str = "currency") -> str:
    """``value`` as a stored currency code, or CurrencyError naming ``field``."""
    if not isinstance(value, str):
        raise CurrencyError("A currency is a three-letter ISO 4217 code.", field=field)
    code = currency_code(value)
    if not is_currency(code):
        shown = value if len(value) <= 20 else value[:20] + "…"
        raise CurrencyError(
            f"{shown!r} is not a current ISO 4217 currency code (e.g. EUR, USD, GBP).",
            field=field,
        )
    return code


def minor_digits(code: str) -> int:
    """How many decimal places the currency's minor unit has: 2 for EUR, 0 for JPY."""
    return get_currency_precision(code)


def currency_name(code: str, locale: str = "en") -> str:
    """The currency's name for people: "Euro", "Polish Zloty"."""
    return get_currency_name(code, locale=locale)


def currency_symbol(code: str, locale: str = "en") -> str:
    """The currency's symbol where the locale has one ("€", "$"), else its code."""
    return get_currency_symbol(code, locale=locale)


@functools.cache
def currency_choices(locale: str = "en") -> tuple[tuple[str, str], ...]:
    """(code, "EUR — Euro") for every valid code, by code: for select boxes."""
    return tuple(
        (code, f"{code} — {currency_name(code, locale)}") for code in sorted(currency_codes())
    )


def parse_rate(value: object, *, field: str = "exchange_rate") -> Decimal:
    """A positive exchange rate with at most 10 decimal places, or CurrencyError."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise CurrencyError("A rate must be a decimal number.", field=field)
    if isinstance(value, str):
        text = value.strip()
        if is_non_finite_text(text):
            raise CurrencyError("A rate must be a finite number.", field=field)
        if not PLAIN_DECIMAL.fullmatch(text):
            raise CurrencyError(f"{value[:40]!r} is not a number.", field=field)
        value = text
    try:
        rate = Decimal(value)
    except InvalidOperation:
        raise CurrencyError("A rate must be a decimal number.", field=field) from None
    if not rate.is_finite():
        raise CurrencyError("A rate must be a finite number.", field=field)
    if rate <= 0:
        raise CurrencyError("A rate must be greater than zero.", field=field)
    if rate > MAX_RATE:
        raise CurrencyError(f"A rate cannot be more than {MAX_RATE}.", field=field)
    if rate != rate.quantize(RATE_QUANTUM):
        raise CurrencyError(
            f"A rate cannot have more than {RATE_PLACES} decimal places.", field=field
        )
    return plain_rate(rate)


def plain_rate(rate: Decimal) -> Decimal:
    """``rate`` without trailing zeros, and with no positive exponent: 0.92, 1, 150 (not
    1.5E+2). ``format(rate, "f")`` writes it without an exponent at all."""
    rate = rate.normalize(RATE_CONTEXT)
    return rate.quantize(ONE) if rate == rate.to_integral_value() else rate


def rate_to_units(rate: Decimal) -> int:
    """A rate as the whole number of 10^-10 units it is stored as."""
    units = rate.scaleb(RATE_PLACES)
    if units != units.to_integral_value():
        raise ValueError(f"{rate} has more than {RATE_PLACES} decimal places.")
    return int(units)


def rate_from_units(units: int) -> Decimal:
    """The rate stored as ``units`` 10^-10 units."""
    return plain_rate(Decimal(units).scaleb(-RATE_PLACES))
