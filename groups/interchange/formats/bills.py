"""What IHateMoney and Cospend share: bills of one payer for owers weighted per member."""

from decimal import ROUND_HALF_UP, Decimal

from groups.domain.money import CENT, apportion, from_cents, to_cents
from groups.interchange.errors import FileError
from groups.interchange.model import EXPENSE, PAYMENT, Entry, Person
from groups.interchange.warnings import Warnings


def cents_of(amount: Decimal, spot: str, notes: Warnings) -> Decimal:
    """An amount to the cent; a peer that kept fractions of a cent gets a warning."""
    rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if rounded != amount:
        notes.at("Amounts with fractions of a cent are rounded to the cent", spot)
    return rounded


def bill_entry(
    *,
    line: int,
    what: str,
    amount: Decimal,
    payer: Person,
    owers: list[Person],
    reimbursement: bool,
    report: Warnings,
    spot: str,
    **fields,
) -> Entry | None:
    """A bill as an entry: the payer paid ``amount`` for the owers, by their weights.

    A negative bill is the reverse expense (the owers paid, by weight, for the payer); a
    reimbursement from one person to one other is a payment.
    """
    if not owers:
        raise FileError(line, "the bill is for nobody.")
    keys = [ower.key for ower in owers]
    if len(set(keys)) != len(keys):
        raise FileError(line, "someone is listed twice among the people the bill is for.")
    if amount == 0:
        report.at("Bills of 0.00 are left out", spot)
        return None
    common = {"line": line, "description": what, **fields}
    if reimbursement and len(owers) == 1 and owers[0] is not payer and amount > 0:
        return Entry(
            kind=PAYMENT,
            amount=amount,
            split="exact",
            payers=[(payer.key, amount)],
            participants=[(owers[0].key, amount)],
            **common,
        )
    if reimbursement:
        report.at("Reimbursements that are not from one person to one other are expenses", spot)
    weights = [ower.weight for ower in owers]
    same = len(set(weights)) == 1
    if amount > 0:
        return Entry(
            kind=EXPENSE,
            amount=amount,
            split="equal" if same else "shares",
            payers=[(payer.key, amount)],
            participants=[(key, None if same else w) for key, w in zip(keys, weights, strict=True)],
            **common,
        )
    report.at(
        "Negative bills are the reverse expense: those it was for paid it for the payer", spot
    )
    total = -amount
    parts = apportion(to_cents(total), weights)
    return Entry(
        kind=EXPENSE,
        amount=total,
        split="exact",
        payers=[(key, from_cents(p)) for key, p in zip(keys, parts, strict=True) if p],
        participants=[(payer.key, total)],
        **common,
    )


def weight(value: Decimal, line: int, name: str) -> Decimal:
    """A member weight; 0 counts as 1 (as Cospend does), a negative one is refused."""
    if value < 0:
        raise FileError(line, f"the weight {value} of {name} is negative.")
    if value == 0:
        return Decimal(1)
    return value.normalize() if value == value.quantize(Decimal("0.000001")) else value
