"""Reads IHateMoney's bill exports, JSON and CSV (``/<project>/export/bills.json|csv``).

A list of bills: ``what, bill_type, amount, currency, date, payer_name, payer_weight,
owers``. There is no member list: members are the payers (with their weight) and the owers
(weight 1 unless they pay somewhere), in order of appearance; deactivated members cannot be
told apart. An ower's part is proportional to their member weight. ``bill_type``
"Reimbursement" marks a repayment; currency "XXX" means "no currency". The CSV escapes text
cells that look like formulas with a leading ``'``, which is undone here.
"""

from groups.interchange import jsontext
from groups.interchange.errors import FileError
from groups.interchange.formats.bills import bill_entry, cents_of, weight
from groups.interchange.formats.sniff import not_this
from groups.interchange.model import GroupFile, Person
from groups.interchange.text import (
    csv_records,
    currency,
    day,
    number,
    text_cell,
    unescape_formula,
)
from groups.interchange.warnings import Warnings, place

REQUIRED = ("what", "amount", "date", "payer_name", "payer_weight", "owers")
NO_CURRENCY = ("", "XXX")


def read_json(text: str) -> GroupFile:
    document = jsontext.load(text, "an IHateMoney JSON export (a list of bills)")
    if not isinstance(document, list) or not all(isinstance(b, dict) for b in document):
        raise FileError(1, not_this("an IHateMoney JSON export (a list of bills)", text))
    bills = []
    for position, bill in enumerate(document):
        owers = bill.get("owers")
        if not isinstance(owers, list) or not all(isinstance(o, str) for o in owers):
            raise FileError(0, '"owers" must be a list of names.', where=(position,))
        bills.append((position, bill, owers))
    return _read(bills, "ihatemoney-json", json=True)


def read_csv(text: str) -> GroupFile:
    records = csv_records(text)
    line, header = next(records)
    columns = [name.strip() for name in header]
    if not set(REQUIRED) <= set(columns):
        raise FileError(line, not_this("an IHateMoney CSV export", text))
    bills = []
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(columns):
            raise FileError(
                line, f"{len(record)} cells, but the header has {len(columns)} (cut short?)."
            )
        bill = dict(zip(columns, record, strict=True))
        bill["what"] = unescape_formula(bill["what"])
        owers = [name.strip() for name in bill["owers"].split(",") if name.strip()]
        bills.append((line, bill, owers))
    return _read(bills, "ihatemoney-csv", json=False)


def _read(bills, format: str, *, json: bool) -> GroupFile:
    file = GroupFile(format=format)
    notes = Warnings()
    people: dict[str, Person] = {}
    parsed = []
    for at, bill, owers in bills:
        line, where = (0, (at,)) if json else (at, None)
        try:
            parsed.append((line, where, *_bill(bill, owers, line, people)))
        except FileError as error:
            raise FileError(line, error.message, where=where) from None
    for name in [ower for *_, owers in parsed for ower in owers]:
        people.setdefault(name, Person(key=name, name=name, line=0))
    file.members = list(people.values())
    for line, where, bill, payer, owers in parsed:
        try:
            spot = place(line, where)
            entry = _entry(bill, line, spot, people[payer], [people[o] for o in owers], notes)
        except FileError as error:
            raise FileError(line, error.message, where=where) from None
        if entry is not None:
            entry.where = where
            file.entries.append(entry)
    if not file.entries and not bills:
        raise FileError(1, "the file has no bills.")
    notes.add("IHateMoney exports do not say who was deactivated: everyone is imported active.")
    file.warnings = notes.all()
    return file


def _bill(bill: dict, owers: list[str], line: int, people: dict[str, Person]):
    missing = [key for key in REQUIRED if key not in bill]
    if missing:
        raise FileError(line, f"the bill lacks {', '.join(missing)}.")
    payer = text_cell(bill["payer_name"], line, "payer_name").strip()
    if not payer:
        raise FileError(line, "the bill has no payer.")
    payer_weight = weight(number(bill["payer_weight"], line, "payer_weight"), line, payer)
    known = people.get(payer)
    if known is None:
        people[payer] = Person(key=payer, name=payer, line=line, weight=payer_weight)
    elif known.weight != payer_weight:
        raise FileError(
            line,
            f"{payer} has weight {payer_weight} here but {known.weight} on another bill: "
            "two members with one name?",
        )
    return bill, payer, owers


def _entry(bill: dict, line: int, spot: str, payer: Person, owers: list[Person], notes: Warnings):
    kind = text_cell(bill.get("bill_type"), line, "bill_type") or "Expense"
    if kind not in ("Expense", "Reimbursement"):
        raise FileError(line, f"bill_type {kind!r} is neither Expense nor Reimbursement.")
    code = text_cell(bill.get("currency"), line, "currency").strip()
    return bill_entry(
        line=line,
        what=text_cell(bill["what"], line, "what"),
        amount=cents_of(number(bill["amount"], line, "amount"), spot, notes),
        payer=payer,
        owers=owers,
        reimbursement=kind == "Reimbursement",
        report=notes,
        spot=spot,
        date=day(bill["date"], line),
        currency=None if code.upper() in NO_CURRENCY else currency(code, line),
    )
