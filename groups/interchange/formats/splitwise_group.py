"""Reads our own JSON export, ``splitwise-group`` version 1 (see writers/json.py)."""

from decimal import Decimal

from groups.interchange import jsontext
from groups.interchange.errors import FileError
from groups.interchange.formats.sniff import not_this
from groups.interchange.jsontext import At
from groups.interchange.model import Comment, Entry, GroupFile, Person, Rate, Recurrence
from groups.interchange.text import currency, day, number, text_cell
from groups.interchange.writers.json import FORMAT, VERSION

NAME = "splitwise-group"


def read(text: str) -> GroupFile:
    document = jsontext.load(text, "a splitwise-group export (our JSON)")
    try:
        return _read(document, text)
    except At as error:
        raise jsontext.locate(text, error) from None
    except FileError as error:
        raise error from None


def _read(document: object, text: str) -> GroupFile:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise At((), not_this(f'a {FORMAT} export (our JSON, with "format": "{FORMAT}")', text))
    if document.get("version") != VERSION:
        raise At(("version",), f"version {document.get('version')!r} is not one we read (1).")
    group = _object(document.get("group"), ("group",))
    file = GroupFile(
        format=NAME,
        name=_text(group, "name", ("group",)),
        currency=_currency(group.get("currency"), ("group",)),
    )
    for position, item in enumerate(_list(document, "members")):
        path = ("members", position)
        item = _object(item, path)
        file.members.append(
            Person(
                key=_key(item, path),
                name=_text(item, "name", path),
                where=path,
                username=_optional_text(item, "username", path),
                role=_text(item, "role", path) or "member",
                active=_bool(item, "active", path, default=True),
                managed_by=_optional_text(item, "managed_by", path),
            )
        )
    file.categories = [_describe(c) for c in _list(document, "categories")]
    for position, item in enumerate(_list(document, "rates")):
        path = ("rates", position)
        item = _object(item, path)
        file.rates.append(Rate(_currency(item.get("currency"), path), _number(item, "rate", path)))
    for position, item in enumerate(_list(document, "expenses")):
        file.entries.append(_entry(_object(item, ("expenses", position)), ("expenses", position)))
    recurring = {
        _object(item, ("recurring", n)).get("expense"): (n, item)
        for n, item in enumerate(_list(document, "recurring"))
    }
    for entry in file.entries:
        if entry.key in recurring:
            _, item = recurring[entry.key]
            entry.recurrence = Recurrence(
                every=str(item.get("every", "month")), interval=item.get("interval") or 1
            )
    return file


def _entry(item: dict, path: tuple) -> Entry:
    amount = _number(item, "amount", path)
    shares = []
    for n, share in enumerate(_list(item, "shares", path)):
        where = (*path, "shares", n)
        share = _object(share, where)
        member = share.get("member")
        if not isinstance(member, str):
            raise At(where, f"a share names member {member!r}: expected a member's key.")
        shares.append((member, _number(share, "paid", where), _number(share, "owed", where)))
    rate = item.get("exchange_rate")
    converted = item.get("group_amount")
    return Entry(
        line=0,
        where=path,
        kind=_text(item, "kind", path) or "expense",
        description=_text(item, "description", path),
        date=_wrap(lambda: day(item.get("date"), 0), path),
        amount=amount,
        currency=_currency(item.get("currency"), path) if item.get("currency") else None,
        exchange_rate=None if rate is None else _number(item, "exchange_rate", path),
        group_amount=None if converted is None else _number(item, "group_amount", path),
        split=_text(item, "split", path) or "exact",
        shares=shares,
        category=_text(item, "category", path),
        notes=_text(item, "notes", path),
        comments=[
            Comment(author=c.get("author"), text=str(c.get("text", "")))
            for c in _list(item, "comments", path)
            if isinstance(c, dict)
        ],
        deleted=_bool(item, "deleted", path, default=False),
        key=_optional_text(item, "key", path),
    )


def _wrap(read, path):
    try:
        return read()
    except FileError as error:
        raise At(path, error.message) from None


def _object(value: object, path: tuple) -> dict:
    if not isinstance(value, dict):
        raise At(path, f"expected an object here, not {type(value).__name__}.")
    return value


def _list(item: dict, key: str, path: tuple = ()) -> list:
    value = item.get(key, [])
    if not isinstance(value, list):
        raise At((*path, key), f'"{key}" must be a list.')
    return value


def _key(item: dict, path: tuple) -> str:
    key = item.get("key")
    if not isinstance(key, str) or not key:
        raise At(path, 'a member needs a "key" (text).')
    return key


def _text(item: dict, key: str, path: tuple) -> str:
    return _wrap(lambda: text_cell(item.get(key), 0, f'"{key}"'), path)


def _optional_text(item: dict, key: str, path: tuple) -> str | None:
    return _text(item, key, path) or None


def _bool(item: dict, key: str, path: tuple, *, default: bool) -> bool:
    value = item.get(key, default)
    if not isinstance(value, bool):
        raise At(path, f'"{key}" must be true or false.')
    return value


def _number(item: dict, key: str, path: tuple) -> Decimal:
    return _wrap(lambda: number(item.get(key), 0, f'"{key}"'), path)


def _currency(value: object, path: tuple) -> str:
    return _wrap(lambda: currency(value, 0), path)


def _describe(category: object) -> str:
    return category.get("name", "") if isinstance(category, dict) else str(category)
