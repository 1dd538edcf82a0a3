"""Exact money handling: parse amounts and split them between participants to the cent."""

import math
import operator
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
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
# Digits with an optional fraction, exactly as sent: no "+", no surrounding spaces, no
# exponent or underscores. A leading "-" is read, so that a negative amount is refused for
# what it is.
PLAIN_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
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
    # Strings must be plain decimal notation: Decimal alone would also take "1E+2", "1_000",
    # "+5" and " 5 ".
    if isinstance(value, str) and not PLAIN_DECIMAL.fullmatch(value):
        if is_non_finite_text(value):
            raise SplitError("An amount must be a finite number.", field=field)
        raise SplitError(f"{value!r} is not a number.", field=field)
    try:
        number = Decimal(value)
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
        if any(value is not None for value in values):
            raise SplitError(
                "An equal split takes no values: leave them out, or choose the split "
                "(exact, percent or shares) that the values are for.",
                field="participants",
            )
        weights = [Decimal(1)] * len(values)
    elif method == "percent":
        weights = _checked_values(values, places=WEIGHT_PLACES, label="percentage")
        if sum(weights) != 100:
            raise SplitError(
                f"The percentages add up to {sum(weights)}, not 100.", field="participants"
            )
    else:
        weights = _checked_values(values, places=WEIGHT_PLACES, label="share")

    cents = apportion(to_cents(total), [Fraction(weight) for weight in weights])
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


def apportion(total_cents: int, weights: Sequence[Fraction | Decimal | int]) -> list[int]:
    """Share total_cents in proportion to positive weights, leftover cents by largest remainder.

    The weights are taken exactly (as fractions). Parts are whole cents summing exactly to the
    total; a part may be 0 when the total is too small for every weight (``split_amount``
    refuses that, this does not).
    """
    weights = [Fraction(weight) for weight in weights]
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


def split_values(amount: Decimal, method: str, parts: Sequence[Decimal]) -> list[Decimal] | None:
    """Values that split ``amount`` by ``method`` into exactly ``parts``, for editing a split.

    Only the parts are stored, not the percentages or shares typed. This finds the simplest
    values that give the same parts again: None for an equal split, the parts for exact,
    percentages with the fewest decimals, the smallest whole shares up to 1000 each (else
    each part's cents). Returns None when ``method`` is unknown or nothing reproduces them.
    """
    total = parse_amount(amount)

    def reproduces(values: Sequence[Decimal | None]) -> bool:
        try:
            return split_amount(total, method, values) == list(parts)
        except SplitError:
            return False

    if method == "equal":
        return [None] * len(parts) if reproduces([None] * len(parts)) else None
    if method == "exact":
        return list(parts) if reproduces(list(parts)) else None
    if method == "percent":
        for places in range(WEIGHT_PLACES + 1):
            quantum = Decimal(1).scaleb(-places)
            values = [(part * 100 / total).quantize(quantum) for part in parts]
            if sum(values) != 100:
                values[-1] += 100 - sum(values)  # the remainder on the last one
            if reproduces(values):
                return values
        return None
    if method == "shares":
        smallest = min(parts)
        for scale in range(1, 101):
            values = [(part * scale / smallest).quantize(Decimal(1)) for part in parts]
            if max(values) > 1000:
                break
            if reproduces(values):
                return values
        cents = [Decimal(to_cents(part)) for part in parts]
        divisor = math.gcd(*(int(c) for c in cents))
        values = [c / divisor for c in cents]
        return values if reproduces(values) else None
    return None
