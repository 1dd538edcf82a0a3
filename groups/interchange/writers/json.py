"""Our JSON format, ``splitwise-group`` version 1: one member and one expense per line."""

import json
from collections.abc import Iterable, Iterator
from datetime import datetime

from groups.interchange.model import Entry, Person

FORMAT, VERSION = "splitwise-group", 1
# Text is handed on in pieces of about this size: small enough for flat memory, large
# enough that a 100,000-expense export is not a million tiny writes.
PIECE = 64 * 1024


def write_json(
    *,
    name: str,
    currency: str,
    members: Iterable[Person],
    entries: Iterable[Entry],
    exported_at: datetime,
) -> Iterator[str]:
    """The group as our JSON document, in pieces of text."""
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.isoformat(),
        "group": {"name": name, "currency": currency},
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ',\n"members": [\n'
    yield ",\n".join(_dumps(member_json(person)) for person in members)
    yield '\n],\n"categories": [],\n"rates": [],\n"expenses": [\n'
    buffer, size, first = [], 0, True
    for entry in entries:
        text = ("" if first else ",\n") + _dumps(entry_json(entry))
        first = False
        buffer.append(text)
        size += len(text)
        if size >= PIECE:
            yield "".join(buffer)
            buffer, size = [], 0
    buffer.append('\n],\n"recurring": []\n}\n')
    yield "".join(buffer)


def member_json(person: Person) -> dict:
    return {
        "key": person.key,
        "name": person.name,
        "username": person.username,
        "role": person.role,
        "active": person.active,
        "managed_by": person.managed_by,
    }


def entry_json(entry: Entry) -> dict:
    return {
        "key": entry.key,
        "kind": entry.kind,
        "date": entry.date.isoformat(),
        "description": entry.description,
        "category": entry.category,
        "notes": entry.notes,
        "amount": str(entry.amount),
        "currency": entry.currency,
        "exchange_rate": None if entry.exchange_rate is None else str(entry.exchange_rate),
        "group_amount": str(entry.group_amount),
        "split": entry.split,
        "deleted": entry.deleted,
        "created_at": entry.created_at.isoformat() if entry.created_at else None,
        "shares": [
            {"member": key, "paid": str(paid), "owed": str(owed)}
            for key, paid, owed in entry.shares or ()
        ],
        "comments": [],
    }


def _dumps(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False)
