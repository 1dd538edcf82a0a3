"""Reads Cospend's project CSV (``occ cospend:export-project``, or Export in the app).

Sections separated by an empty line, each recognised by its header: members
(``name,weight,active,color``), bills (``what,amount,date,timestamp,payer_name,
payer_weight,payer_active,owers,repeat,…,categoryid,…,comment,deleted``), categories
(``categoryname,categoryid,…``), payment modes and currencies (``currencyname,
exchange_rate``; the main currency has rate 1). Bill amounts are already in the main
currency; an ower's part is proportional to their member weight; category -11 is
Cospend's "Reimbursement"; comments are URL-encoded; members may be inactive.
"""

from datetime import UTC, datetime
from urllib.parse import unquote_plus

from groups.interchange.errors import FileError
from groups.interchange.formats.bills import bill_entry, cents_of, weight
from groups.interchange.formats.sniff import not_this
from groups.interchange.model import GroupFile, Person, Rate, Recurrence
from groups.interchange.text import csv_records, currency, day, number
from groups.interchange.warnings import Warnings

NAME = "cospend-csv"
MEMBERS = {"name", "weight", "active", "color"}
BILLS = {"what", "amount", "payer_name", "payer_weight", "owers"}
CATEGORIES = {"categoryname", "categoryid"}
PAYMENT_MODES = {"paymentmodename", "paymentmodeid"}
CURRENCIES = {"currencyname", "exchange_rate"}
REIMBURSEMENT = "-11"
REPEAT = {"d": ("day", 1), "w": ("week", 1), "b": ("week", 2), "m": ("month", 1), "y": ("year", 1)}


def read(text: str) -> GroupFile:
    sections = _sections(text)
    if not any(kind == "bills" for kind, *_ in sections):
        raise FileError(1, not_this("a Cospend CSV export", text))
    file = GroupFile(format=NAME)
    notes = Warnings()
    people: dict[str, Person] = {}
    categories: dict[str, str] = {}
    for kind, _, rows in sections:
        if kind == "members":
            for line, row in rows:
                _member(people, row, line)
        elif kind == "categories":
            categories.update((row["categoryid"], row["categoryname"]) for _, row in rows)
        elif kind == "currencies":
            _currencies(file, rows, notes)
        elif kind == "payment modes" and rows:
            notes.add("Cospend's payment modes are not imported.")
    listed = bool(people)
    for kind, _, rows in sections:
        if kind == "bills":
            for line, row in rows:
                entry = _bill(row, line, people, listed, categories, notes)
                if entry is not None:
                    file.entries.append(entry)
    file.members = list(people.values())
    file.warnings = notes.all()
    return file


def _sections(text: str) -> list[tuple[str, int, list[tuple[int, dict]]]]:
    """Each section as (kind, header line, [(line, row as a dict)])."""
    sections, columns = [], None
    for line, record in csv_records(text):
        if not any(cell.strip() for cell in record):
            columns = None
            continue
        if columns is None:
            columns = [cell.strip() for cell in record]
            kind = _kind(set(columns))
            if kind is None:
                raise FileError(line, not_this("a Cospend CSV export", text))
            sections.append((kind, line, []))
            continue
        if len(record) != len(columns):
            raise FileError(
                line, f"{len(record)} cells, but the header has {len(columns)} (cut short?)."
            )
        sections[-1][2].append((line, dict(zip(columns, record, strict=True))))
    return sections


def _kind(columns: set[str]) -> str | None:
    if columns >= BILLS and ({"date", "timestamp"} & columns):
        # IHateMoney's CSV has these columns too, but its amounts are in each bill's
        # currency, which Cospend's are not: read as Cospend, they would change money.
        return None if {"bill_type", "currency"} & columns else "bills"
    for kind, needed in (
        ("members", MEMBERS),
        ("categories", CATEGORIES),
        ("payment modes", PAYMENT_MODES),
        ("currencies", CURRENCIES),
    ):
        if needed <= columns:
            return kind
    return None


def _member(people: dict[str, Person], row: dict, line: int) -> None:
    name = row["name"].strip()
    if name in people:
        raise FileError(line, f"two members are named {name!r}.")
    people[name] = Person(
        key=name,
        name=name,
        line=line,
        active=row["active"].strip() != "0",
        weight=weight(number(row["weight"], line, "weight"), line, name),
    )


def _currencies(file: GroupFile, rows, notes: Warnings) -> None:
    for line, row in rows:
        code = currency(row["currencyname"], line)
        rate = number(row["exchange_rate"], line, "exchange_rate")
        if rate == 1 and file.currency is None:
            file.currency = code
        else:
            file.rates.append(Rate(code, rate))
    if file.rates:
        notes.add("Cospend converts other currencies when a bill is entered: amounts are kept.")
        file.rates = []


def _bill(row, line, people, listed, categories, notes) -> object:
    payer = _person(people, row["payer_name"], line, listed)
    if not listed:
        payer.weight = weight(number(row["payer_weight"], line, "payer_weight"), line, payer.name)
    owers = [
        _person(people, name, line, listed) for name in row["owers"].split(",") if name.strip()
    ]
    category = row.get("categoryid", "").strip()
    repeat = row.get("repeat", "n").strip()
    spot = f"line {line}"
    entry = bill_entry(
        line=line,
        what=row["what"],
        amount=cents_of(number(row["amount"], line, "amount"), spot, notes),
        payer=payer,
        owers=owers,
        reimbursement=category == REIMBURSEMENT,
        report=notes,
        spot=spot,
        date=_date(row, line),
        category="" if category == REIMBURSEMENT else categories.get(category, ""),
        notes=unquote_plus(row.get("comment", "")),
        deleted=row.get("deleted", "0").strip() == "1",
        recurrence=Recurrence(*REPEAT[repeat]) if repeat in REPEAT else None,
    )
    if repeat == "s":
        notes.at("Bills repeating twice a month are imported once; their rule is not kept", spot)
    return entry


def _person(people: dict[str, Person], name: str, line: int, listed: bool) -> Person:
    name = name.strip()
    if name not in people:
        if listed:
            raise FileError(line, f"{name!r} is not in the file's members section.")
        people[name] = Person(key=name, name=name, line=line)
    return people[name]


def _date(row: dict, line: int):
    stamp = row.get("timestamp", "").strip()
    if stamp:  # authoritative in Cospend; its date column is the same day in UTC
        seconds = number(stamp, line, "timestamp")
        try:
            return datetime.fromtimestamp(int(seconds), tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            raise FileError(line, f"timestamp {stamp!r} is not a moment in time.") from None
    return day(row.get("date", ""), line)
