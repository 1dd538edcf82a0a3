"""Expenses in another currency: the group amount and every share, exact to the cent.

An expense's ``amount``, payer amounts and exact parts are in the expense's currency. Its
shares are in the group's currency and split the *group amount*, ``amount * rate`` rounded
half-up to the cent. Equal, percent and shares splits divide the group amount as usual; payer
amounts and exact parts are carried over by dividing the group amount in proportion to them,
with the leftover cents by largest remainder, ties to the one listed first. So the paid column
and the owed column each add up exactly to the group amount, whatever the rate.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from groups.domain.money import (
    CENT,
    MAX_AMOUNT,
    SplitError,
    apportion,
    from_cents,
    parse_amount,
    split_amount,
    to_cents,
)


@dataclass(frozen=True)
class Converted:
    """An expense's amount in the group's currency, and its paid and owed columns."""

    group_amount: Decimal
    paid: list[Decimal]
    owed: list[Decimal]


def convert(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount * rate`` rounded half-up to the cent, computed exactly (no float, no context)."""
    exact = Fraction(amount) * Fraction(rate) * 100
    return from_cents(math.floor(exact + Fraction(1, 2)))


def group_amount_of(amount: Decimal, rate: Decimal) -> Decimal:
    """The group amount of ``amount`` at ``rate``: at least a cent, at most MAX_AMOUNT."""
    converted = convert(amount, rate)
    if converted < CENT:
        raise SplitError(
            f"{amount} at the rate {rate} is less than {CENT} in the group's currency.",
            field="group_amount",
        )
    if converted > MAX_AMOUNT:
        raise SplitError(
            f"{amount} at the rate {rate} is more than {MAX_AMOUNT} in the group's currency.",
            field="group_amount",
        )
    return converted


def carry_over(group_amount: Decimal, parts: Sequence[Decimal]) -> list[Decimal]:
    """Divide ``group_amount`` in proportion to ``parts`` (which add up to the expense's amount).

    Leftover cents go by largest remainder, ties to the part listed first, as in every split.
    A part may come out as 0.00 when the rate is small; the caller decides whether that is
    allowed.
    """
    weights = [Fraction(part) for part in parts]
    if not weights or any(weight <= 0 for weight in weights):
        raise ValueError("Parts to carry over must all be positive.")
    return [from_cents(cents) for cents in apportion(to_cents(group_amount), weights)]


def convert_expense(
    *,
    amount: Decimal,
    rate: Decimal,
    split: str,
    values: Sequence[Decimal | None],
    paid: Sequence[object],
) -> Converted:
    """An expense's group amount and shares; SplitError naming the input at fault.

    ``values`` are the participants' exact parts, percentages or weights (None for equal);
    ``paid`` the payers' amounts in the expense's currency, which must add up to ``amount``.
    """
    total = parse_amount(amount)
    group_amount = group_amount_of(total, rate)
    if split == "exact":
        parts = split_amount(total, split, values)  # checks the parts add up to the amount
        owed = carry_over(group_amount, parts)
        _refuse_zero(owed, field="participants", label="participant")
    else:
        owed = split_amount(group_amount, split, values)
    paid_parts = [parse_amount(value, field="payers") for value in paid]
    if not paid_parts:
        raise SplitError("Name who paid.", field="payers")
    if sum(paid_parts) != total:
        raise SplitError(
            f"The payers' amounts add up to {sum(paid_parts)}, not {total}.", field="payers"
        )
    paid_converted = carry_over(group_amount, paid_parts)
    _refuse_zero(paid_converted, field="payers", label="payer")
    return Converted(group_amount=group_amount, paid=paid_converted, owed=owed)


def cross_rate(
    per_base: dict[str, Decimal], *, group_currency: str, currency: str, base: str
) -> Fraction | None:
    """Group-currency units for one unit of ``currency``, from rates quoted per one ``base``.

    ``per_base[X]`` is how many X one ``base`` buys (the ECB quotes per 1 EUR). None when a
    rate needed is missing.
    """
    group_per_base = Fraction(1) if group_currency == base else per_base.get(group_currency)
    currency_per_base = Fraction(1) if currency == base else per_base.get(currency)
    if group_per_base is None or currency_per_base is None:
        return None
    return Fraction(group_per_base) / Fraction(currency_per_base)


def round_rate(rate: Fraction, places: int) -> Decimal:
    """``rate`` rounded half-up to ``places`` decimal places, exactly."""
    scale = 10**places
    units = math.floor(rate * scale + Fraction(1, 2))
    return Decimal(units).scaleb(-places)


def _refuse_zero(parts: list[Decimal], *, field: str, label: str) -> None:
    for position, part in enumerate(parts, start=1):
        if not part:
            raise SplitError(
                f"{label.capitalize()} {position} comes to less than {CENT} in the group's "
                "currency: leave them out or record a larger amount.",
                field=field,
            )
