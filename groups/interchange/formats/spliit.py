"""Reads Spliit's group export (``/groups/<id>/expenses/export/json``).

``{id, name, currency, currencyCode, participants: [{id, name}], expenses: [...]}``. An
expense's ``amount`` is in minor units of the group's currency; ``paidFor[].shares`` means,
by ``splitMode``: nothing (EVENLY), weights times 100 (BY_SHARES), percent times 100
(BY_PERCENTAGE), or minor units (BY_AMOUNT). One payer (``paidById``); ``isReimbursement``
marks a repayment; ``originalAmount``/``originalCurrency``/``conversionRate`` tell what a
converted expense was (balances use ``amount``). A negative amount is an income.
"""

from decimal import Decimal

from groups.domain.currencies import minor_digits
from groups.domain.money import apportion, from_cents, to_cents
from groups.interchange import jsontext
from groups.interchange.errors import FileError
from groups.interchange.formats.sniff import not_this
from groups.interchange.model import (
    EXPENSE,
    PAYMENT,
    Entry,
    GroupFile,
    Original,
    Person,
    Recurrence,
)
from groups.interchange.text import currency, day, number, text_cell
from groups.interchange.warnings import Warnings, place

NAME = "spliit-json"
MODES = {"EVENLY": "equal", "BY_SHARES": "shares", "BY_PERCENTAGE": "percent", "BY_AMOUNT": "exact"}
RECURRENCE = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month"}
# Spliit's built-in categories that mean "none": Uncategorized/General and /Payment.
NO_CATEGORY = {("Uncategorized", "General"), ("Uncategorized", "Payment")}


def read(text: str) -> GroupFile:
    document = jsontext.load(text, "a Spliit JSON export")
    if not isinstance(document, dict) or not isinstance(document.get("participants"), list):
        raise FileError(1, not_this("a Spliit JSON export", text))
    code = document.get("currencyCode")
    file = GroupFile(format=NAME, name=text_cell(document.get("name"), 0, "name"))
    notes = Warnings()
    if code:
        file.currency = _at(("currencyCode",), lambda: currency(code, 0))
    else:
        notes.add("The group has a custom currency with no ISO code: it is imported in EUR.")
        file.currency = "EUR"
    scale = Decimal(10) ** minor_digits(file.currency)
    for position, item in enumerate(document["participants"]):
        where = ("participants", position)
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise FileError(0, "a participant needs an id and a name.", where=where)
        name = _at(where, lambda item=item: text_cell(item.get("name"), 0, "name"))
        file.members.append(Person(key=item["id"], name=name, where=where))
    expenses = document.get("expenses", [])
    if not isinstance(expenses, list):
        raise FileError(0, '"expenses" must be a list.', where=("expenses",))
    for position, item in enumerate(expenses):
        where = ("expenses", position)
        entry = _at(
            where, lambda item=item, where=where: _entry(item, scale, notes, place(0, where))
        )
        if entry is not None:
            entry.where = where
            file.entries.append(entry)
    for entry in file.entries:
        if entry.original is not None and entry.original.currency == file.currency:
            entry.original = None  # in the group's own currency: nothing was converted
    if document.get("activities"):
        notes.add("Spliit's activity log is not imported.")
    notes.add("Spliit has no deactivated participants: everyone is imported active.")
    file.warnings = notes.all()
    return file


def _entry(item: object, scale: Decimal, notes: Warnings, spot: str) -> Entry | None:
    if not isinstance(item, dict):
        raise FileError(0, "an expense must be an object.")
    amount = _minor(item.get("amount"), scale, "amount")
    if amount == 0:
        notes.at("Expenses of 0.00 are left out", spot)
        return None
    mode = item.get("splitMode", "EVENLY")
    if mode not in MODES:
        raise FileError(0, f"splitMode {mode!r} is not one Spliit writes.")
    paid_for = item.get("paidFor")
    if not isinstance(paid_for, list) or not paid_for:
        raise FileError(0, "the expense is for nobody (paidFor is empty).")
    rows = []
    for row in paid_for:
        if not isinstance(row, dict) or not isinstance(row.get("participantId"), str):
            raise FileError(0, "a paidFor row needs a participantId.")
        rows.append((row["participantId"], row.get("shares", 100)))
    split, values = MODES[mode], [value for _, value in rows]
    if split == "exact":
        values = [_minor(value, scale, "shares") for value in values]
    else:
        values = [number(value, 0, "shares") for value in values]
    if split == "percent" and sum(values) != 10000:
        split = "shares"  # Spliit uses the percentages as ratios whatever their sum
    if split in ("shares", "percent"):
        values = [value / 100 for value in values]
    payer = item.get("paidById")
    if not isinstance(payer, str):
        raise FileError(0, "the expense has no paidById.")
    keys = [key for key, _ in rows]
    kind, payers = EXPENSE, [(payer, amount)]
    if item.get("isReimbursement") and len(rows) == 1 and keys[0] != payer and amount > 0:
        kind, split, values = PAYMENT, "exact", [amount]
    elif item.get("isReimbursement"):
        notes.at("Reimbursements that are not from one person to one other are expenses", spot)
    if amount < 0:
        # An income: the reverse expense. Those it was for paid it, each their part, and
        # the one who received it owes it all.
        notes.at("Incomes (negative amounts) are the reverse expense", spot)
        amount = -amount
        weights = [abs(v) for v in values] if split != "equal" else [1] * len(values)
        parts = apportion(to_cents(amount), weights)
        payers = [(key, from_cents(p)) for key, p in zip(keys, parts, strict=True) if p]
        split, keys, values = "exact", [payer], [amount]
    category = item.get("category") or {}
    return Entry(
        line=0,
        kind=kind,
        description=text_cell(item.get("title"), 0, "title"),
        date=day(item.get("expenseDate"), 0, "expenseDate"),
        amount=amount,
        split=split,
        payers=payers,
        participants=[
            (key, None if split == "equal" else value)
            for key, value in zip(keys, values, strict=True)
        ],
        category=_category(category),
        notes=text_cell(item.get("notes"), 0, "notes"),
        recurrence=_recurrence(item.get("recurrenceRule")),
        original=_original(item),
    )


def _minor(value: object, scale: Decimal, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FileError(0, f"{what} {value!r} is not a whole number of minor units.")
    amount = Decimal(value) / scale
    if amount != amount.quantize(Decimal("0.01")):
        raise FileError(0, f"{what} {value} has fractions of a cent, which cannot be kept.")
    return amount.quantize(Decimal("0.01"))


def _category(category: object) -> str:
    if not isinstance(category, dict):
        return ""
    grouping, name = category.get("grouping"), category.get("name")
    if (grouping, name) in NO_CATEGORY or not isinstance(name, str):
        return ""
    return name


def _recurrence(rule: object) -> Recurrence | None:
    return Recurrence(every=RECURRENCE[rule]) if rule in RECURRENCE else None


def _original(item: dict) -> Original | None:
    code, amount = item.get("originalCurrency"), item.get("originalAmount")
    if not code or amount is None:
        return None
    rate = item.get("conversionRate")
    try:
        code = currency(code, 0)
        return Original(  # in minor units of its currency, as the amount is in the group's
            amount=number(amount, 0, "originalAmount").scaleb(-minor_digits(code)),
            currency=code,
            rate=None if rate is None else number(rate, 0, "conversionRate"),
        )
    except FileError:
        return None  # informational only: a malformed original changes no money


def _at(where: tuple, read):
    try:
        return read()
    except FileError as error:
        raise FileError(0, error.message, where=where) from None
