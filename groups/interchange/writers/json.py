"""Our JSON format, ``splitwise-group`` version 1: one member and one expense per line."""

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from groups.interchange.model import Category, Comment, Entry, Person, Rate, Recurrence

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
    categories: Iterable[Category] = (),
    rates: Iterable[Rate] = (),
    recurring: Callable[[], Iterable[tuple[str, Recurrence]]] = tuple,
) -> Iterator[str]:
    """The group as our JSON document, in pieces of text.

    ``recurring`` is called once the entries are written: the series, each with the key of
    the expense it starts (an export learns the keys of expenses as it writes them).
    """
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.isoformat(),
        "group": {"name": name, "currency": currency},
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ',\n"members": [\n'
    yield ",\n".join(_dumps(member_json(person)) for person in members)
    yield '\n],\n"categories": [\n'
    yield ",\n".join(_dumps({"slug": c.slug, "name": c.name}) for c in categories)
    yield '\n],\n"rates": [\n'
    yield ",\n".join(
        _dumps({"currency": r.currency, "date": _day(r.date), "rate": format(r.rate, "f")})
        for r in rates
    )
    yield '\n],\n"expenses": [\n'
    buffer, size, first = [], 0, True
    for entry in entries:
        text = ("" if first else ",\n") + _dumps(entry_json(entry))
        first = False
        buffer.append(text)
        size += len(text)
        if size >= PIECE:
            yield "".join(buffer)
            buffer, size = [], 0
    buffer.append('\n],\n"recurring": [\n')
    yield "".join(buffer)
    yield ",\n".join(_dumps(series_json(key, rule)) for key, rule in recurring())
    yield "\n]\n}\n"


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
        "exchange_rate": None if entry.exchange_rate is None else format(entry.exchange_rate, "f"),
        "group_amount": str(entry.group_amount),
        "split": entry.split,
        "deleted": entry.deleted,
        "created_at": entry.created_at.isoformat() if entry.created_at else None,
        "shares": [
            {"member": key, "paid": str(paid), "owed": str(owed)}
            for key, paid, owed in entry.shares or ()
        ],
        "comments": [comment_json(comment) for comment in entry.comments],
    }


def comment_json(comment: Comment) -> dict:
    return {
        "author": comment.author,
        "text": comment.text,
        "created_at": comment.created_at.isoformat() if comment.created_at else None,
    }


def series_json(key: str, rule: Recurrence) -> dict:
    return {
        "expense": key,
        "every": rule.every,
        "interval": rule.interval,
        "until": _day(rule.until),
        "first_date": _day(rule.first_date),
        "next_index": rule.next_index,
        "next_date": _day(rule.next_date),
        "active": rule.active,
        "paused_reason": rule.paused_reason,
        "stopped": rule.stopped,
        "occurrences": [{"date": _day(day), "expense": key} for day, key in rule.occurrences],
    }


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _dumps(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False)
