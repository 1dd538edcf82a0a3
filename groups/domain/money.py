"""Exact money handling: parse amounts and split them between participants to the cent."""

import math
import operator
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")
# The ways to split an expense, with how people read them; the model's choices come from here.
SPLIT_METHODS = {
    "equal": "Equally",
    "exact": "By exact amounts",
    "percent": "By percentages",
    "shares": "By shares",
}
WEIGHT_PLACES = 6
PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
# How NaN and Infinity are spelled in text (any case, either sign): refused as not finite.
NON_FINITE = frozenset({"nan", "snan", "inf", "infinity"})


class SplitError(ValueError):
    """A refused amount or split; `field` names the input at fault."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def parse_amount(value: Decimal | int | str, *, field: str = "amount") -> Decimal:
    """Return value as a positive amount with two decimal places, or raise SplitError."""
    # bool is an int subclass, and a float has already lost the exact cents.
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise SplitError(
            f"An amount must be a decimal number, not {type(value).__name__}.", field=field
        )
    # Strings must be plain decimal notation: Decimal alone would also take "1E+2" and "1_000".
    if isinstance(value, str) and not PLAIN_DECIMAL.fullmatch(value.strip()):
        if is_non_finite_text(value):
            raise SplitError("An amount must be a finite number.", field=field)
        raise SplitError(f"{value!r} is not a number.", field=field)
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise SplitError(f"{value!r} is not a number.", field=field) from None
    if not number.is_finite():
        raise SplitError("An amount must be a finite number.", field=field)
    if number.is_zero():
        raise SplitError("An amount must be greater than zero.", field=field)
    if number < 0:
        raise SplitError("An amount cannot be negative.", field=field)
    if number > MAX_AMOUNT:
        raise SplitError(f"An amount cannot be more than {MAX_AMOUNT}.", field=field)
    if number != number.quantize(CENT):
        raise SplitError("An amount cannot have more than two decimal places.", field=field)
    return number.quantize(CENT)


def is_non_finite_text(text: str) -> bool:
    """Whether ``text`` spells NaN or Infinity, which Decimal would accept."""
    return text.strip().lower().lstrip("+-") in NON_FINITE


def to_cents(amount: Decimal) -> int:
    """Return amount as a whole number of cents, refusing fractions of a cent."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"Expected a Decimal, not {type(amount).__name__}.")
    if not amount.is_finite():
        raise ValueError(f"{amount} is not a finite amount.")
    cents = Fraction(amount) * 100
    if cents.denominator != 1:
        raise ValueError(f"{amount} is not a whole number of cents.")
    return cents.numerator


def from_cents(cents: int) -> Decimal:
    """Return a number of cents as a Decimal with exactly two decimal places."""
    sign, digits, _ = Decimal(operator.index(cents)).as_tuple()
    return Decimal((sign, digits, -2))


def split_amount(amount: Decimal, method: str, values: Sequence[Decimal | None]) -> list[Decimal]:
    """Split amount among the participants in the order given; every part is at least a cent."""
    if method not in SPLIT_METHODS:
        raise SplitError(
            f"Unknown split method {method!r}; use one of: {', '.join(SPLIT_METHODS)}.",
            field="split",
        )
    total = parse_amount(amount)
    if not values:
        raise SplitError("Choose at least one participant.", field="participants")

    if method == "exact":
        parts = _checked_values(values, places=2, label="part")
        if sum(parts) != total:
            raise SplitError(
                f"The parts add up to {sum(parts).quantize(CENT)} but the amount is {total}.",
                field="participants",
            )
        return [part.quantize(CENT) for part in parts]

    if method == "equal":
        weights = [Decimal(1)] * len(values)
    elif method == "percent":
        weights = _checked_values(values, places=WEIGHT_PLACES, label="percentage")
        if sum(weights) != 100:
            raise SplitError(
                f"The percentages add up to {sum(weights)}, not 100.", field="participants"
            )
    else:
        weights = _checked_values(values, places=WEIGHT_PLACES, label="share")

    cents = _apportion(to_cents(total), [Fraction(weight) for weight in weights])
    if 0 in cents:
        raise SplitError(
            f"{total} is too small to split among {len(values)} participants: "
            f"every part must be at least {CENT}.",
            field="participants",
        )
    return [from_cents(part) for part in cents]


def _checked_values(values: Sequence[Decimal | None], *, places: int, label: str) -> list[Decimal]:
    """Return the per-participant values, refusing any that is not a positive finite Decimal."""
    quantum = Decimal(1).scaleb(-places)
    checked = []
    for position, value in enumerate(values, start=1):
        if not isinstance(value, Decimal) or not value.is_finite():
            raise SplitError(
                f"Participant {position} needs a {label} given as a finite decimal number.",
                field="participants",
            )
        if value <= 0:
            raise SplitError(
                f"The {label} for participant {position} must be greater than zero.",
                field="participants",
            )
        if value > MAX_AMOUNT:
            raise SplitError(
                f"The {label} for participant {position} cannot be more than {MAX_AMOUNT}.",
                field="participants",
            )
        if value != value.quantize(quantum):
            raise SplitError(
                f"The {label} for participant {position} cannot have more than "
                f"{places} decimal places.",
                field="participants",
            )
        checked.append(value)
    return checked


def _apportion(total_cents: int, weights: Sequence[Fraction]) -> list[int]:
    """Share total_cents in proportion to weights, leftover cents by largest remainder."""
    weight_sum = sum(weights)
    entitlements = [total_cents * weight / weight_sum for weight in weights]
    cents = [math.floor(entitlement) for entitlement in entitlements]
    leftover = total_cents - sum(cents)
    by_largest_remainder = sorted(
        range(len(weights)), key=lambda index: (cents[index] - entitlements[index], index)
    )
    for index in by_largest_remainder[:leftover]:
        cents[index] += 1
    return cents


def apportion(total_cents: int, weights: Sequence[Fraction | Decimal | int]) -> list[int]:
    """Share ``total_cents`` in proportion to positive ``weights`` by the splitting rule.

    Parts are whole cents summing exactly to the total; a part may be 0 when the total is
    too small for every weight (``split_amount`` refuses that, this does not).
    """
    return _apportion(total_cents, [Fraction(weight) for weight in weights])


def convert(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount`` times ``rate``, rounded half-up to whole cents."""
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)
