"""One entry's money in exact cents of the group's currency, by the project's splitting rule.

The shares come out exactly as the expense service would write them for the same payers,
split and participants: one row per person, payers first, then participants.
"""

from decimal import Decimal

from groups.domain.conversion import convert
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

ZERO = Decimal(0)
MAX_CENTS = to_cents(MAX_AMOUNT)


def group_amount(entry: Entry, currency: str, rates: dict[str, Decimal], notes: Warnings) -> int:
    """The entry's amount in cents of the group's ``currency``, converted if need be."""
    amount = _money(entry.amount, entry.line, "amount")
    if entry.currency in (None, currency):
        return int(amount.scaleb(2))
    if entry.group_amount is not None:
        converted, how = entry.group_amount, "as the file converts it"
    else:
        rate = entry.exchange_rate or rates.get(entry.currency)
        if rate is None:
            raise FileError(
                entry.line,
                f"{amount} {entry.currency} has no exchange rate to {currency}: give one in "
                f"rates (e.g. {entry.currency}=0.92, {currency} for one {entry.currency}).",
            )
        if rate <= 0:
            raise FileError(entry.line, f"the exchange rate {rate} must be positive.")
        converted, how = convert(amount, rate), f"at {rate}"
    converted = _money(converted, entry.line, f"the amount in {currency}")
    notes.at(
        f"Amounts in another currency are imported in {currency} {how}; the expense's own "
        "currency is not kept yet",
        place(entry.line, entry.where),
    )
    return to_cents(converted)


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
