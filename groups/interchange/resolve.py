"""From what a file says to what an import writes: people checked, money in exact cents.

Pure: the whole import is decided here, so a dry run and a real import report the same,
and a refusal names the file's line before anything is written.
"""

from collections import Counter
from decimal import Decimal

from groups.interchange.errors import FileError
from groups.interchange.model import ADMIN, EXPENSE, KINDS, MEMBER, Entry, GroupFile, Person
from groups.interchange.money import group_amount, shares_of
from groups.interchange.plan import Plan, PlannedEntry, PlannedMember
from groups.interchange.warnings import Warnings, place

DEFAULT_CURRENCY = "EUR"
NAME_LENGTH, DESCRIPTION_LENGTH, CATEGORY_LENGTH = 100, 200, 50
SPLITS = ("equal", "exact", "percent", "shares")


def resolve(
    file: GroupFile, *, name: str | None = None, rates: dict[str, Decimal] | None = None
) -> Plan:
    """The import of ``file``: every person and entry, checked, with shares in cents."""
    notes = Warnings(file.warnings)
    currency = _group_currency(file, notes)
    members = _members(file.members)
    index = {member.key: position for position, member in enumerate(members)}
    entries = []
    for entry in file.entries:
        try:
            planned = _entry(entry, currency, index, rates or {}, notes)
        except FileError as error:
            raise FileError(error.line, error.message, where=entry.where) from None
        if planned is not None:
            entries.append(planned)
    if file.categories:
        notes.add(f"The group's own categories ({len(file.categories)}) are not imported yet.")
    if file.rates:
        notes.add(f"The exchange-rate table ({len(file.rates)} rates) is not imported yet.")
    title = (name or file.name or "").strip() or "Imported group"
    return Plan(file.format, title[:NAME_LENGTH], currency, members, entries, notes.all())


def _entry(
    entry: Entry, currency: str, index: dict[str, int], rates: dict[str, Decimal], notes: Warnings
) -> PlannedEntry | None:
    """One entry in cents, or None for one that is not imported (with a warning)."""
    if entry.deleted:
        notes.at("Expenses in the trash are not imported yet", place(entry.line, entry.where))
        return None
    if entry.kind not in KINDS:
        raise FileError(entry.line, f"{entry.kind!r} is neither an expense nor a payment.")
    if entry.split not in SPLITS:
        raise FileError(entry.line, f"{entry.split!r} is not a way to split an expense.")
    _note_what_is_not_kept(entry, notes)
    cents = group_amount(entry, currency, rates, notes)
    return PlannedEntry(
        line=entry.line,
        kind=entry.kind,
        description=_shortened(
            entry.description.strip() or entry.kind.capitalize(),
            DESCRIPTION_LENGTH,
            "Descriptions longer than 200 characters are cut",
            entry.line,
            notes,
            entry.where,
        ),
        date=entry.date,
        category=_shortened(
            entry.category.strip(),
            CATEGORY_LENGTH,
            "Categories longer than 50 characters are cut",
            entry.line,
            notes,
            entry.where,
        ),
        split=entry.split if entry.kind == EXPENSE else "exact",
        amount=cents,
        shares=shares_of(entry, cents, index, notes),
        created_at=entry.created_at,
    )


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


def _note_what_is_not_kept(entry: Entry, notes: Warnings) -> None:
    if not (entry.notes or entry.comments or entry.recurrence or entry.original):
        return
    where = place(entry.line, entry.where)
    if entry.notes.strip():
        notes.at("Notes on expenses are not imported yet", where)
    if entry.comments:
        notes.at("Comments on expenses are not imported yet", where)
    if entry.recurrence is not None:
        notes.at("Repeating expenses are imported once; their rule is not kept yet", where)
    if entry.original is not None:
        notes.at(
            "Original amounts in another currency are not kept yet (the group's amount is)",
            where,
        )


def _shortened(
    text: str, length: int, topic: str, line: int, notes: Warnings, where: tuple | None = None
) -> str:
    if len(text) <= length:
        return text
    notes.at(topic, place(line, where))
    return text[:length]
