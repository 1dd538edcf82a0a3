"""The expense form's live preview: each person's part, in the group's currency.

It uses the same pure functions as the service (``split_amount``, and ``convert_expense`` for
another currency), on whatever of the form is valid so far, and writes nothing.
"""

from dataclasses import dataclass
from decimal import Decimal

from groups.domain.conversion import convert, convert_expense
from groups.domain.money import SplitError, split_amount
from groups.models import GroupMember


@dataclass
class PreviewRow:
    member: GroupMember
    paid: Decimal
    owed: Decimal

    @property
    def net(self) -> Decimal:
        return self.paid - self.owed


@dataclass
class Conversion:
    """An amount in another currency, the rate it is taken at, and what it makes in the group's."""

    currency: str
    amount: Decimal
    rate: Decimal
    group_amount: Decimal


@dataclass
class SplitPreview:
    """The preview of a split: rows when it can be made, and what is wrong otherwise."""

    rows: list[PreviewRow] | None = None
    problem: str = ""  # what stops the split as it stands
    hint: str = ""  # what is still missing to show it
    conversion: Conversion | None = None  # set when the expense is in another currency


def split_preview(form) -> SplitPreview:
    """The preview of an ExpenseForm, valid or not."""
    form.is_valid()
    data = form.cleaned_data
    if "amount" not in data:
        return SplitPreview(hint="Enter the amount to see each person's part.")
    people = form.chosen_participants()
    if not people or "split" not in data:
        return SplitPreview(hint="Tick who shares this expense.")
    values = [value for _, value in people]
    if any(value is None for value in values) and data["split"] != "equal":
        return SplitPreview(hint="Give each person's part to see the split.")
    amount, split = data["amount"], data["split"]
    paid = {m.pk: value for m, value in form.chosen_payers()}
    total_paid = sum(paid.values(), Decimal(0))
    problem = ""
    if paid and total_paid != amount:
        problem = f"What was paid adds up to {total_paid}, not {amount}."
    conversion = None
    try:
        if form.foreign_currency():
            if form.rate is None:
                why = " ".join(form.errors.get("exchange_rate", []))
                return SplitPreview(problem=why, hint="Give the exchange rate to see the split.")
            conversion, parts, paid = _converted(form, amount, split, values, paid, problem)
        else:
            parts = split_amount(amount, split, values)
    except SplitError as error:
        return SplitPreview(problem=str(error), conversion=conversion)
    rows = [
        PreviewRow(member, paid.get(member.pk, Decimal(0)), part)
        for (member, _), part in zip(people, parts, strict=True)
    ]
    shown = {row.member.pk for row in rows}
    rows += [
        PreviewRow(m, paid[m.pk], Decimal(0))
        for m in form.members
        if m.pk in paid and m.pk not in shown
    ]
    return SplitPreview(rows=rows, problem=problem, conversion=conversion)


def _converted(form, amount, split, values, paid, problem):
    """The conversion, the parts and what each paid, all in the group's currency."""
    rate = form.rate
    # While the payers do not add up yet, each payer's amount is converted on its own.
    payers = list(paid.values()) if paid and not problem else [amount]
    converted = convert_expense(amount=amount, rate=rate, split=split, values=values, paid=payers)
    conversion = Conversion(form.foreign_currency(), amount, rate, converted.group_amount)
    if paid and not problem:
        paid = dict(zip(paid, converted.paid, strict=True))
    else:
        paid = {pk: convert(value, rate) for pk, value in paid.items()}
    return conversion, converted.owed, paid
