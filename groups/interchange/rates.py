"""Exchange rates given with an import, for files in several currencies that name no rate."""

import re
from decimal import Decimal

from groups.domain.currencies import currency_code, is_currency

RATE = re.compile(r"[0-9]+(\.[0-9]{1,10})?")


def parse_rates(text: str) -> dict[str, Decimal]:
    """``"USD=0.92, GBP=1.17"`` (group-currency units for one unit) as a dict; or ValueError."""
    rates = {}
    for item in filter(None, (part.strip() for part in text.replace(";", ",").split(","))):
        code, _, value = item.partition("=")
        code = currency_code(code)
        if not is_currency(code):
            raise ValueError(f"{code!r} is not a currency code (ISO 4217).")
        if not RATE.fullmatch(value.strip()) or Decimal(value) <= 0:
            raise ValueError(
                f"the rate of {code} must be a positive number with at most 10 decimals, "
                f"as in {code}=0.92."
            )
        rates[code] = Decimal(value.strip())
    return rates
