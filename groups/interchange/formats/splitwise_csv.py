"""Reads Splitwise's "Export as spreadsheet" CSV.

Header ``Date,Description,Category,Cost,Currency`` (in the exporting account's language),
then one column per member. Each row is one expense or payment; a member's cell is their net
for it (paid minus owed), so the cells of a row sum to zero. The file ends with one
"Total balance" row per currency, whose Cost is blank. Balances are kept per currency.

Each row becomes an expense whose shares give every member exactly their net: members with
a positive net paid it (plus their own part of the cost, if the cost says they had one),
members with a negative net owe exactly that. Rows in category "Payment" between two
members become payments.
"""

import re
from collections import defaultdict
from decimal import Decimal

from groups.domain.money import apportion, from_cents, to_cents
from groups.interchange.errors import FileError
from groups.interchange.formats.sniff import not_this
from groups.interchange.model import EXPENSE, PAYMENT, Entry, GroupFile, Person
from groups.interchange.text import csv_records, currency, day, number
from groups.interchange.warnings import Warnings

NAME = "splitwise-csv"
# The first five columns in the languages seen in exports (English, German, French,
# Spanish, Italian, Portuguese, Dutch), lower-cased.
HEADERS = {
    ("date", "description", "category", "cost", "currency"),
    ("datum", "beschreibung", "kategorie", "kosten", "währung"),
    ("date", "description", "catégorie", "coût", "devise"),
    ("fecha", "descripción", "categoría", "costo", "moneda"),
    ("fecha", "descripción", "categoría", "coste", "moneda"),
    ("data", "descrizione", "categoria", "costo", "valuta"),
    ("data", "descrição", "categoria", "custo", "moeda"),
    ("datum", "omschrijving", "categorie", "kosten", "valuta"),
}
PAYMENT_CATEGORIES = {"payment", "zahlung", "paiement", "pago", "pagamento", "betaling"}
DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]{1,2}")


def read(text: str) -> GroupFile:
    records = csv_records(text)
    line, header = _header(records, text)
    file = GroupFile(format=NAME)
    names = [name.strip() for name in header[5:]]
    for position, name in enumerate(names):
        file.members.append(Person(key=f"c{position}", name=name, line=line))
    notes = Warnings()
    sums: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * len(names))
    totals = {}
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise FileError(
                line,
                f"{len(record)} cells, but the header has {len(header)} columns "
                "(a member column that matches no member, or a file cut short).",
            )
        code = currency(record[4], line)
        nets = [
            _amount(cell, line, f"the cell of {name}")
            for cell, name in zip(record[5:], names, strict=False)
        ]
        if not record[3].strip():  # a "Total balance" row: a checksum, not an expense
            totals[code] = (line, nets)
            continue
        for position, net in enumerate(nets):
            sums[code][position] += net
        entry = _entry(line, record, code, nets, file.members, notes)
        if entry is not None:
            file.entries.append(entry)
    _check_totals(sums, totals, names, notes)
    file.warnings = notes.all()
    return file


def _header(records, text: str) -> tuple[int, list[str]]:
    for line, record in records:
        if not record or record[0].startswith("Note:"):
            continue
        if len(record) >= 6 and tuple(c.strip().lower() for c in record[:5]) in HEADERS:
            return line, record
        raise FileError(line, not_this("a Splitwise CSV export", text))
    raise FileError(1, "the file has no header line.")


def _entry(line, record, code, nets, members, notes) -> Entry | None:
    cost = _amount(record[3], line, "the cost")
    if sum(nets) != 0:
        raise FileError(line, f"the members' cells add up to {sum(nets)}, not 0.00.")
    paid = [(members[i].key, net) for i, net in enumerate(nets) if net > 0]
    owed = [(members[i].key, -net) for i, net in enumerate(nets) if net < 0]
    if not paid:
        notes.at("Rows where nobody owes anybody anything are left out", f"line {line}")
        return None
    common = {
        "line": line,
        "description": record[1],
        "date": day(record[0], line),
        "currency": code,
        "category": record[2].strip(),
        "split": "exact",
    }
    positive = sum(net for _, net in paid)
    if record[2].strip().lower() in PAYMENT_CATEGORIES and len(paid) == len(owed) == 1:
        common["category"] = ""  # "Payment" says what it is, not a category of expenses
        return Entry(kind=PAYMENT, amount=positive, payers=paid, participants=owed, **common)
    if cost < positive:
        raise FileError(
            line, f"the cost {cost} is less than the members were paid back ({positive})."
        )
    # What the payers spent on themselves: the cost beyond what the others owe them. Who
    # of several payers had which part of it the file does not say; it is shared in
    # proportion to what they paid, which leaves everyone's net exact.
    own = apportion(to_cents(cost - positive), [net for _, net in paid])
    payers = [(key, net + from_cents(part)) for (key, net), part in zip(paid, own, strict=False)]
    participants = owed + [
        (key, from_cents(part)) for (key, _), part in zip(paid, own, strict=False) if part
    ]
    return Entry(kind=EXPENSE, amount=cost, payers=payers, participants=participants, **common)


def _amount(cell: str, line: int, what: str) -> Decimal:
    text = cell.strip()
    if DECIMAL_COMMA.fullmatch(text):  # "7,20" from an account with a decimal comma
        text = text.replace(",", ".")
    elif "," in text and "." in text:  # "1,234.50"
        text = text.replace(",", "")
    value = number(text, line, what)
    if value != value.quantize(Decimal("0.01")):
        raise FileError(line, f"{what} {cell.strip()!r} has more than two decimals.")
    return value.quantize(Decimal("0.01"))


def _check_totals(sums, totals, names, notes: Warnings) -> None:
    if sums and not totals:
        notes.add('The file has no "Total balance" lines to check its rows against.')
    for code, (line, nets) in totals.items():
        for name, total, computed in zip(
            names, nets, sums.get(code, [0] * len(names)), strict=False
        ):
            if total != computed:
                notes.add(
                    f"line {line}: the file's total balance of {name} is {total} {code}, "
                    f"but its rows add up to {computed} {code}."
                )
