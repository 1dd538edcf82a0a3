"""Currency codes as the project stores them, checked against the ISO 4217 list Babel ships."""

from babel.numbers import get_currency_precision, list_currencies

# Babel's list comes from the Unicode CLDR: every ISO 4217 code, current and historical
# (a file exported years ago may name DEM or FRF), and XXX ("no currency").
KNOWN_CODES = frozenset(list_currencies())


def currency_code(text: str) -> str:
    """An ISO 4217 code as typed (any case, surrounding spaces) in its stored form: "EUR"."""
    return text.strip().upper()


def is_currency(code: str) -> bool:
    """Whether ``code`` (in its stored form) is an ISO 4217 currency code."""
    return code in KNOWN_CODES


def minor_digits(code: str) -> int:
    """How many decimal places the currency's minor unit has: 2 for EUR, 0 for JPY."""
    return get_currency_precision(code)
