"""One entry's money in exact cents of the group's currency, by the project's splitting rule.

The shares come out exactly as the expense service would write them for the same payers,
split and participants: one row per person, payers first, then participants.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from groups.domain.conversion import convert, round_rate
from groups.domain.currencies import RATE_PLACES, CurrencyError, parse_rate
from groups.domain.money import (
    MAX_AMOUNT,
    SplitError,
    apportion,
    from_cents,
    parse_amount,
    split_amount,
    to_cents,
)
from groups.interchange.errors import FileError
from groups.interchange.model import PAYMENT, Entry
from groups.interchange.warnings import Warnings, place

ZERO, ONE = Decimal(0), Decimal(1)
MAX_CENTS = to_cents(MAX_AMOUNT)


@dataclass(slots=True, frozen=True)
class Amounts:
    """An entry's money: ``amount`` in ``currency``, ``group`` in the group's currency."""

    amount: int  # cents
    currency: str
    rate: Decimal
    group: int  # cents


def amounts(entry: Entry, currency: str, rates: dict[str, Decimal], notes: Warnings) -> Amounts:
    """The entry's amount in its own currency and in the group's ``currency``, and the rate.

    The group's amount is the file's where it says one (what the shares were split from);
    else ``amount`` times the file's rate, else the rate given with the import.
    """
    amount = _money(entry.amount, entry.line, "amount")
    own = to_cents(amount)
    if entry.currency in (None, currency):
        if entry.original is not None:
            return _original(entry, own, currency, notes)
        return Amounts(own, currency, ONE, own)
    rate = entry.exchange_rate
    if entry.group_amount is not None:
        converted = _money(entry.group_amount, entry.line, f"the amount in {currency}")
        if rate is None:
            rate = _derived_rate(converted, amount)
        elif convert(amount, _rate(rate, entry.line)) != converted:
            raise FileError(
                entry.line,
                f"group_amount {converted} is not {amount} {entry.currency} at the rate {rate} "
                f"({convert(amount, rate)} {currency}).",
            )
    else:
        if rate is None:
            rate = rates.get(entry.currency)
            if rate is None:
                raise FileError(
                    entry.line,
                    f"{amount} {entry.currency} has no exchange rate to {currency}: give one in "
                    f"rates (e.g. {entry.currency}=0.92, {currency} for one {entry.currency}).",
                )
            notes.at(
                f"Amounts in {entry.currency} are converted at {rate}, the rate given with the "
                "import",
                place(entry.line, entry.where),
            )
        converted = _money(
            convert(amount, _rate(rate, entry.line)), entry.line, f"the amount in {currency}"
        )
    return Amounts(own, entry.currency, _rate(rate, entry.line), to_cents(converted))


def _original(entry: Entry, group: int, currency: str, notes: Warnings) -> Amounts:
    """A peer's entry in the group's currency that says what it was in another (Spliit)."""
    original = entry.original
    try:
        amount = parse_amount(original.amount, field="originalAmount")
    except SplitError:
        notes.at(
            "Original amounts that are not amounts of money are left out (the group's amount "
            "is kept)",
            place(entry.line, entry.where),
        )
        return Amounts(group, currency, ONE, group)
    rate = _derived_rate(from_cents(group), amount)
    return Amounts(to_cents(amount), original.currency, _rate(rate, entry.line), group)


def _derived_rate(group: Decimal, amount: Decimal) -> Decimal:
    """The rate (10 decimals) at which ``amount`` was worth ``group`` in the group's currency."""
    rate = round_rate(Fraction(group) / Fraction(amount), RATE_PLACES)
    return rate if rate > 0 else Decimal(1).scaleb(-RATE_PLACES)


def _rate(rate: Decimal, line: int) -> Decimal:
    try:
        return parse_rate(rate)
    except CurrencyError as error:
        raise FileError(line, f"exchange rate {rate}: {error}") from None


def shares_of(
    entry: Entry, cents: int, index: dict[str, int], notes: Warnings
) -> list[tuple[int, int, int]]:
    """Every person's (index, paid, owed) in cents; paid and owed each sum to ``cents``."""
    if entry.shares is not None:
        return _given_shares(entry, cents, index)
    converted = cents != to_cents(_money(entry.amount, entry.line, "amount"))
    payer_keys = [key for key, _ in entry.payers]
    keys = [key for key, _ in entry.participants]
    if not entry.payers:
        raise FileError(entry.line, "nobody paid this.")
    if not entry.participants:
        raise FileError(entry.line, "nobody shares this.")
    for group in (payer_keys, keys):
        if len(set(group)) != len(group):
            raise FileError(entry.line, "someone is listed twice.")
    paid_values = [_money(value, entry.line, "a payer's amount") for _, value in entry.payers]
    if sum(paid_values) != entry.amount:
        raise FileError(
            entry.line, f"the payers' amounts add up to {sum(paid_values)}, not {entry.amount}."
        )
    paid = apportion(cents, paid_values) if converted else [to_cents(v) for v in paid_values]
    owed = _owed(entry, cents, converted, notes)
    if 0 in paid:
        raise FileError(entry.line, "a payer's part is less than a cent once converted.")
    rows: dict[str, list[int]] = {}
    for key, part in zip(payer_keys, paid, strict=True):
        rows[key] = [part, 0]
    for key, part in zip(keys, owed, strict=True):
        if part:
            rows.setdefault(key, [0, 0])[1] = part
    if entry.kind == PAYMENT and (len(rows) != 2 or len(entry.payers) != 1):
        raise FileError(entry.line, "a payment goes from one person to one other.")
    return [(_member(index, key, entry.line), p, o) for key, (p, o) in rows.items()]


def _owed(entry: Entry, cents: int, converted: bool, notes: Warnings) -> list[int]:
    values = [value for _, value in entry.participants]
    if entry.split == "exact":
        parts = [_money(value, entry.line, "a participant's part") for value in values]
        if sum(parts) != entry.amount:
            raise FileError(entry.line, f"the parts add up to {sum(parts)}, not {entry.amount}.")
        return apportion(cents, parts) if converted else [to_cents(part) for part in parts]
    try:
        return [to_cents(part) for part in split_amount(from_cents(cents), entry.split, values)]
    except SplitError as error:
        weights = [Decimal(1)] * len(values) if entry.split == "equal" else values
        if not all(isinstance(w, Decimal) and w > 0 for w in weights) or "small" not in str(error):
            raise FileError(entry.line, str(error)) from None
    # Too little money for everyone to get a cent: those who get nothing are left out.
    notes.at(
        "Too small to give everyone a cent: who gets nothing is left out",
        place(entry.line, entry.where),
    )
    return apportion(cents, weights)


def _given_shares(entry: Entry, cents: int, index: dict[str, int]) -> list[tuple[int, int, int]]:
    rows, seen = [], set()
    for key, paid, owed in entry.shares:
        if key in seen:
            raise FileError(entry.line, f"{key!r} has two shares of this expense.")
        seen.add(key)
        paid_cents, owed_cents = (
            _share_cents(paid, entry.line, "paid"),
            _share_cents(owed, entry.line, "owed"),
        )
        if not paid_cents and not owed_cents:
            raise FileError(entry.line, f"the share of {key!r} is zero: leave it out.")
        rows.append((_member(index, key, entry.line), paid_cents, owed_cents))
    for column, position in (("paid", 1), ("owed", 2)):
        total = sum(row[position] for row in rows)
        if total != cents:
            raise FileError(
                entry.line,
                f"the {column} column adds up to {from_cents(total)}, not {from_cents(cents)}.",
            )
    if entry.kind == PAYMENT and sorted((p > 0, o > 0) for _, p, o in rows) != [
        (False, True),
        (True, False),
    ]:
        raise FileError(entry.line, "a payment goes from one person to one other.")
    return rows


def _member(index: dict[str, int], key: str, line: int) -> int:
    try:
        return index[key]
    except KeyError:
        raise FileError(line, f"{key!r} is not one of the group's members.") from None


def _money(value: Decimal, line: int, what: str) -> Decimal:
    try:
        return parse_amount(value, field=what)
    except SplitError as error:
        raise FileError(line, f"{what}: {error}") from None


def _share_cents(value: Decimal, line: int, what: str) -> int:
    cents = value.scaleb(2)  # Decimal's C code: a large import checks a million of these
    if not 0 <= cents <= MAX_CENTS or cents != cents.to_integral_value():
        raise FileError(line, f"{what} {value} is not an amount of money in cents.")
    return int(cents)
