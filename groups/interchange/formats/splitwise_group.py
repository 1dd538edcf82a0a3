"""Reads our own JSON export, ``splitwise-group`` version 1 (see writers/json.py)."""

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from groups.interchange import jsontext
from groups.interchange.errors import FileError
from groups.interchange.formats.sniff import not_this
from groups.interchange.jsontext import At
from groups.interchange.model import (
    Category,
    Comment,
    Entry,
    GroupFile,
    Person,
    Rate,
    Recurrence,
)
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
    for position, item in enumerate(_list(document, "categories")):
        path = ("categories", position)
        item = _object(item, path)
        file.categories.append(Category(_text(item, "slug", path), _text(item, "name", path)))
    for position, item in enumerate(_list(document, "rates")):
        path = ("rates", position)
        item = _object(item, path)
        file.rates.append(
            Rate(
                _currency(item.get("currency"), path),
                _number(item, "rate", path),
                _wrap(lambda item=item: day(item.get("date"), 0), path),
            )
        )
    for position, item in enumerate(_list(document, "expenses")):
        file.entries.append(_entry(_object(item, ("expenses", position)), ("expenses", position)))
    by_key = {entry.key: entry for entry in file.entries if entry.key}
    for position, item in enumerate(_list(document, "recurring")):
        path = ("recurring", position)
        item = _object(item, path)
        entry = by_key.get(item.get("expense"))
        if entry is None:
            raise At(path, f"the series' expense {item.get('expense')!r} is not in the file.")
        if entry.recurrence is not None:
            raise At(path, f"the expense {entry.key!r} starts two series.")
        entry.recurrence = _wrap(lambda item=item: _series(item), path)
    return file


def _entry(item: dict, path: tuple) -> Entry:
    # The hot path of a large import (one call per expense, one loop turn per share):
    # plain calls, and one handler that names the expense whatever fails inside it.
    try:
        shares = item.get("shares", [])
        if not isinstance(shares, list):
            raise FileError(0, '"shares" must be a list.')
        given = []
        for share in shares:
            if not isinstance(share, dict) or not isinstance(share.get("member"), str):
                raise FileError(0, f"a share must name a member by key, not {share!r}.")
            given.append((share["member"], _money(share.get("paid")), _money(share.get("owed"))))
        rate, converted, code = (
            item.get("exchange_rate"),
            item.get("group_amount"),
            item.get("currency"),
        )
        comments = item.get("comments") or []
        if not isinstance(comments, list):
            raise FileError(0, '"comments" must be a list.')
        return Entry(
            line=0,
            where=path,
            kind=text_cell(item.get("kind"), 0, '"kind"') or "expense",
            description=text_cell(item.get("description"), 0, '"description"'),
            date=day(item.get("date"), 0),
            amount=_money(item.get("amount"), '"amount"'),
            currency=currency(code, 0) if code else None,
            exchange_rate=None if rate is None else number(rate, 0, '"exchange_rate"'),
            group_amount=None if converted is None else _money(converted, '"group_amount"'),
            split=text_cell(item.get("split"), 0, '"split"') or "exact",
            shares=given,
            category=text_cell(item.get("category"), 0, '"category"'),
            notes=text_cell(item.get("notes"), 0, '"notes"'),
            comments=[_comment(comment) for comment in comments],
            deleted=item.get("deleted") is True,
            created_at=_moment(item.get("created_at")),
            key=text_cell(item.get("key"), 0, '"key"') or None,
        )
    except FileError as error:
        raise At(path, error.message) from None


def _comment(item: object) -> Comment:
    if not isinstance(item, dict):
        raise FileError(0, f"a comment is an object, not {item!r}.")
    author = item.get("author")
    if author is not None and not isinstance(author, str):
        raise FileError(0, 'a comment\'s "author" is a username or null.')
    return Comment(
        author=author,
        text=text_cell(item.get("text"), 0, '"text"'),
        created_at=_moment(item.get("created_at")),
    )


def _series(item: dict) -> Recurrence:
    """A series as our export writes it (see writers/json.py)."""
    interval, index = item.get("interval", 1), item.get("next_index", 1)
    for what, value in (("interval", interval), ("next_index", index)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise FileError(0, f'"{what}" must be a whole number.')
    occurrences = item.get("occurrences") or []
    if not isinstance(occurrences, list) or not all(
        isinstance(o, dict) and isinstance(o.get("expense"), str) for o in occurrences
    ):
        raise FileError(0, '"occurrences" must list {"date", "expense"} objects.')
    return Recurrence(
        every=text_cell(item.get("every"), 0, '"every"'),
        interval=interval,
        until=_day_or_none(item.get("until")),
        active=item.get("active") is not False,
        first_date=_day_or_none(item.get("first_date")),
        next_index=index,
        next_date=_day_or_none(item.get("next_date")),
        paused_reason=text_cell(item.get("paused_reason"), 0, '"paused_reason"'),
        stopped=item.get("stopped") is True,
        occurrences=[(day(o.get("date"), 0), o["expense"]) for o in occurrences],
    )


def _day_or_none(value: object):
    return None if value is None else day(value, 0)


def _money(value: object, what: str = "a share") -> Decimal:
    """An amount as our export writes it ("12.50"), quickly; anything else the slow way.

    Whether it is a whole number of cents in range is checked when it becomes cents.
    """
    if type(value) is str:
        try:
            amount = Decimal(value)
        except InvalidOperation:
            pass
        else:
            if amount.is_finite():
                return amount
    return number(value, 0, what)


def _moment(value: object) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise FileError(0, f'"created_at" {value!r} is not a moment (ISO 8601).') from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
