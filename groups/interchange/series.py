"""Repeating expenses of an import, kept as series (never expanded into occurrences).

Our own export says where each series stands (its next occurrence, the expenses it already
created): kept as it is. A peer keeps the rule on an expense, and moves it to each new copy
it creates: only the latest expense of such a chain (same description, same rule) becomes a
series, whose next occurrence follows its date; the earlier copies are plain expenses.
"""

from groups.domain.recurrence import Repeat, RepeatError, check_repeat, next_occurrence
from groups.interchange.errors import FileError
from groups.interchange.model import Entry, Recurrence
from groups.interchange.plan import PlannedSeries
from groups.interchange.warnings import Warnings, place


def plan_series(
    planned: list[tuple[int, Entry]], keys: dict[str, int], notes: Warnings
) -> list[PlannedSeries]:
    """A series for each repeating entry; ``planned`` pairs an entry's index in the plan
    with the entry it came from, ``keys`` gives an entry's index by its key."""
    latest: dict[tuple, tuple[int, Entry]] = {}
    series, taken = [], set()
    for index, entry in planned:
        rule = entry.recurrence
        if rule is None:
            continue
        if rule.next_index is not None:  # our own export: where the series stands
            series.append(_kept(index, entry, rule, keys, taken))
            continue
        if entry.deleted:
            continue  # a peer's bill in the trash repeats no more
        chain = (entry.description.strip(), rule.every, rule.interval)
        earlier = latest.get(chain)
        if earlier is None or earlier[1].date <= entry.date:
            latest[chain] = (index, entry)
    for index, entry in latest.values():
        series.append(_fresh(index, entry, entry.recurrence, notes))
    series.sort(key=lambda s: s.entry)
    return series


def _kept(
    index: int, entry: Entry, rule: Recurrence, keys: dict[str, int], taken: set[int]
) -> PlannedSeries:
    """A series from our own export; ``taken`` collects the entries that are occurrences."""
    first = rule.first_date or entry.date
    _check(rule, first, entry)
    if rule.next_index < 1:
        raise FileError(
            entry.line, "a series' next occurrence is numbered from 1.", where=entry.where
        )
    occurrences, days = [], set()
    for day, key in rule.occurrences:
        if key not in keys:
            raise FileError(
                entry.line,
                f"the series' occurrence {key!r} is not an expense of the file.",
                where=entry.where,
            )
        if day in days:
            raise FileError(
                entry.line,
                f"the series has two occurrences on {day.isoformat()}.",
                where=entry.where,
            )
        if keys[key] in taken:
            raise FileError(
                entry.line, f"the expense {key!r} is an occurrence twice.", where=entry.where
            )
        days.add(day)
        taken.add(keys[key])
        occurrences.append((day, keys[key]))
    return PlannedSeries(
        entry=index,
        every=rule.every,
        interval=rule.interval,
        until=rule.until,
        first_date=first,
        next_index=rule.next_index,
        next_date=rule.next_date,
        active=rule.active,
        paused_reason=rule.paused_reason,
        stopped=rule.stopped,
        occurrences=occurrences,
    )


def _fresh(index: int, entry: Entry, rule: Recurrence, notes: Warnings) -> PlannedSeries:
    _check(rule, entry.date, entry)
    repeat = Repeat(every=rule.every, interval=rule.interval, until=rule.until)
    next_date = next_occurrence(entry.date, repeat, 1)
    if next_date is not None:
        notes.at(
            "Repeating expenses keep their rule: run_recurring adds the occurrences due from "
            "the one after the file's latest",
            place(entry.line, entry.where),
        )
    return PlannedSeries(
        entry=index,
        every=rule.every,
        interval=rule.interval,
        until=rule.until,
        first_date=entry.date,
        next_index=1,
        next_date=next_date,
        active=rule.active and next_date is not None,
        paused_reason="",
        stopped=False,
        occurrences=[],
    )


def _check(rule: Recurrence, first, entry: Entry) -> None:
    try:
        check_repeat(Repeat(every=rule.every, interval=rule.interval, until=rule.until), first)
    except RepeatError as error:
        raise FileError(entry.line, f"the repeating rule: {error}", where=entry.where) from None
