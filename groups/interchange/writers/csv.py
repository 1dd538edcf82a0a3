"""Our CSV: one row per expense or payment, one column per member with paid minus owed.

Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) get a leading ``'``. Numbers are written by us, always as plain decimals
("-15.00"): a spreadsheet reads them as numbers, never as formulas, so they stay unescaped
and the member columns still add up in a spreadsheet.
"""

import csv
import io
from collections.abc import Iterable, Iterator

from groups.interchange.model import Entry, Person
from groups.interchange.text import escape_formula

COLUMNS = (
    "date",
    "description",
    "category",
    "kind",
    "amount",
    "currency",
    "exchange_rate",
    "group_amount",
)
PIECE = 64 * 1024


def write_csv(*, members: list[Person], entries: Iterable[Entry]) -> Iterator[str]:
    """The group's expenses and payments as CSV, in pieces of text; the trash is left out."""
    column = {person.key: position for position, person in enumerate(members)}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *(escape_formula(person.name) for person in members)])
    for entry in entries:
        if entry.deleted:
            continue
        nets = [0] * len(members)
        for key, paid, owed in entry.shares or ():
            nets[column[key]] += paid - owed
        writer.writerow(
            [
                entry.date.isoformat(),
                escape_formula(entry.description),
                escape_formula(entry.category),
                entry.kind,
                entry.amount,
                entry.currency,
                "" if entry.exchange_rate is None else format(entry.exchange_rate, "f"),
                entry.group_amount,
                *(f"{net:.2f}" for net in nets),
            ]
        )
        if buffer.tell() >= PIECE:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
