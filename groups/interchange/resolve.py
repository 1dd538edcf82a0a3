"""From what a file says to what an import writes: people checked, money in exact cents.

Pure: the whole import is decided here, so a dry run and a real import report the same,
and a refusal names the file's line before anything is written.
"""

from collections import Counter
from decimal import Decimal

from groups.domain.currencies import CurrencyError, parse_rate
from groups.interchange.categories import Categories
from groups.interchange.errors import FileError
from groups.interchange.model import (
    ADMIN,
    EXPENSE,
    KINDS,
    MEMBER,
    Comment,
    Entry,
    GroupFile,
    Person,
    Rate,
)
from groups.interchange.money import amounts, shares_of
from groups.interchange.plan import Plan, PlannedEntry, PlannedMember
from groups.interchange.series import plan_series
from groups.interchange.warnings import Warnings, place

DEFAULT_CURRENCY = "EUR"
NAME_LENGTH, DESCRIPTION_LENGTH, NOTES_LENGTH = 100, 200, 2000
SPLITS = ("equal", "exact", "percent", "shares")


def resolve(
    file: GroupFile, *, name: str | None = None, rates: dict[str, Decimal] | None = None
) -> Plan:
    """The import of ``file``: every person and entry, checked, with shares in cents."""
    notes = Warnings(file.warnings)
    currency = _group_currency(file, notes)
    members = _members(file.members)
    index = {member.key: position for position, member in enumerate(members)}
    categories = Categories(file.categories)
    entries, sources, keys = [], [], {}
    for entry in file.entries:
        try:
            planned = _entry(entry, currency, index, categories, rates or {}, notes)
        except FileError as error:
            raise FileError(error.line, error.message, where=entry.where) from None
        if planned is not None:
            if entry.key is not None:
                keys[entry.key] = len(entries)
            sources.append((len(entries), entry))
            entries.append(planned)
    series = plan_series(sources, keys, notes)
    title = (name or file.name or "").strip() or "Imported group"
    return Plan(
        file.format,
        title[:NAME_LENGTH],
        currency,
        members,
        entries,
        categories=categories.to_create(),
        rates=_rates(file.rates, currency),
        series=series,
        warnings=notes.all(),
    )


def _entry(
    entry: Entry,
    currency: str,
    index: dict[str, int],
    categories: Categories,
    rates: dict[str, Decimal],
    notes: Warnings,
) -> PlannedEntry | None:
    """One entry in cents, or None for one that is not imported (with a warning)."""
    if entry.kind not in KINDS:
        raise FileError(entry.line, f"{entry.kind!r} is neither an expense nor a payment.")
    if entry.split not in SPLITS:
        raise FileError(entry.line, f"{entry.split!r} is not a way to split an expense.")
    money = amounts(entry, currency, rates, notes)
    where = place(entry.line, entry.where)
    return PlannedEntry(
        line=entry.line,
        kind=entry.kind,
        description=_shortened(
            entry.description.strip() or entry.kind.capitalize(),
            DESCRIPTION_LENGTH,
            "Descriptions longer than 200 characters are cut",
            where,
            notes,
        ),
        date=entry.date,
        category=categories.slug(entry.category, entry.line, entry.where, notes),
        split=entry.split if entry.kind == EXPENSE else "exact",
        group_amount=money.group,
        shares=shares_of(entry, money.group, index, notes),
        amount=money.amount,
        currency=money.currency,
        exchange_rate=money.rate,
        notes=_shortened(
            entry.notes,
            NOTES_LENGTH,
            "Notes longer than 2000 characters are cut",
            where,
            notes,
        ),
        comments=_comments(entry.comments, where, notes),
        deleted=entry.deleted,
        created_at=entry.created_at,
    )


def _comments(comments: list[Comment], where: str, notes: Warnings) -> list[Comment]:
    kept = []
    for comment in comments:
        text = comment.text.strip()
        if not text:
            notes.at("Empty comments are left out", where)
            continue
        text = _shortened(
            text, NOTES_LENGTH, "Comments longer than 2000 characters are cut", where, notes
        )
        kept.append(Comment(author=comment.author, text=text, created_at=comment.created_at))
    return kept


def _rates(rates: list[Rate], currency: str) -> list[Rate]:
    """The file's table of exchange rates, checked: dated, positive, one a currency and day."""
    seen, kept = set(), []
    for position, rate in enumerate(rates):
        where = ("rates", position)
        if rate.date is None:
            raise FileError(0, "an exchange rate needs a date.", where=where)
        if rate.currency == currency:
            raise FileError(
                0, f"a rate for {currency}, the group's own currency, is always 1.", where=where
            )
        if (rate.currency, rate.date) in seen:
            raise FileError(
                0, f"two rates for {rate.currency} on {rate.date.isoformat()}.", where=where
            )
        seen.add((rate.currency, rate.date))
        try:
            kept.append(Rate(rate.currency, parse_rate(rate.rate), rate.date))
        except CurrencyError as error:
            raise FileError(0, f"the rate of {rate.currency}: {error}", where=where) from None
    return kept


def _group_currency(file: GroupFile, notes: Warnings) -> str:
    """The file's currency; else the one most of its entries are in; else the default."""
    if file.currency:
        return file.currency
    used = Counter(entry.currency for entry in file.entries if entry.currency)
    if used:
        currency = used.most_common(1)[0][0]
        if len(used) > 1:
            notes.add(
                f"The file has several currencies; the group is in {currency}, its most used."
            )
        return currency
    notes.add(f"The file names no currency: the group is in {DEFAULT_CURRENCY}.")
    return DEFAULT_CURRENCY


def _members(people: list[Person]) -> list[PlannedMember]:
    """The people, checked: named once each, and managers as the rules allow."""
    if not people:
        raise FileError(1, "the file names nobody.")
    by_key: dict[str, Person] = {}
    by_name: dict[str, Person] = {}
    for person in people:
        name = person.name.strip()
        if not name:
            raise FileError(person.line, "a member has no name.", where=person.where)
        if len(name) > NAME_LENGTH:
            raise FileError(
                person.line,
                f"the name {name[:20]!r}… is longer than 100 characters.",
                where=person.where,
            )
        if name in by_name:
            raise FileError(person.line, f"two members are named {name!r}.", where=person.where)
        if person.key in by_key:
            raise FileError(
                person.line, f"two members have the key {person.key!r}.", where=person.where
            )
        if person.role not in (ADMIN, MEMBER):
            raise FileError(
                person.line, f"{person.role!r} is not a role (admin or member).", where=person.where
            )
        by_name[name], by_key[person.key] = person, person
    index = {person.key: position for position, person in enumerate(people)}
    planned = []
    for person in people:
        manager = None
        if person.managed_by is not None:
            try:
                manager = index[_manager(person, by_key).key]
            except FileError as error:
                raise FileError(person.line, error.message, where=person.where) from None
        planned.append(
            PlannedMember(
                key=person.key,
                name=person.name.strip(),
                line=person.line,
                username=person.username,
                role=person.role,
                active=person.active,
                manager=manager,
            )
        )
    return planned


def _manager(person: Person, by_key: dict[str, Person]) -> Person:
    """``person``'s manager, checked against member-management rules 1 and 2."""
    manager = by_key.get(person.managed_by)
    if manager is None:
        raise FileError(person.line, f"the manager {person.managed_by!r} is not a member.")
    if manager is person:
        raise FileError(person.line, f"{person.name} cannot manage themself.")
    if manager.managed_by is not None:
        raise FileError(person.line, f"{manager.name} is managed, so manages nobody.")
    if not (person.active and manager.active):
        raise FileError(person.line, "an inactive member neither manages nor is managed.")
    return manager


def _shortened(text: str, length: int, topic: str, where: str, notes: Warnings) -> str:
    if len(text) <= length:
        return text
    notes.at(topic, where)
    return text[:length]
