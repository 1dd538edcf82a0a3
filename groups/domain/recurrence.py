"""When a repeating expense falls due: occurrence k of a series, and the checks on its rule.

Occurrence k is always counted from the first date, never from the occurrence before it, so
month and year steps do not drift: a series starting on 31 January falls on 28 (or 29)
February and then on 31 March again.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

UNITS = ("day", "week", "month", "year")
MAX_INTERVAL = 365


class RepeatError(ValueError):
    """A refused repeat rule; ``field`` names the part at fault (every, interval or until)."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Repeat:
    """How an expense repeats: every ``interval`` units, up to ``until`` (inclusive) or forever."""

    every: str
    interval: int = 1
    until: date | None = None


def check_repeat(repeat: Repeat, first: date) -> None:
    """Raise RepeatError unless ``repeat`` is a rule a series starting on ``first`` can follow."""
    if repeat.every not in UNITS:
        raise RepeatError(
            f"{repeat.every!r} is not a unit; use one of {', '.join(UNITS)}.", field="every"
        )
    if isinstance(repeat.interval, bool) or not isinstance(repeat.interval, int):
        raise RepeatError("The interval must be a whole number.", field="interval")
    if not 1 <= repeat.interval <= MAX_INTERVAL:
        raise RepeatError(f"The interval must be from 1 to {MAX_INTERVAL}.", field="interval")
    if repeat.until is not None and repeat.until < first:
        raise RepeatError(
            f"until ({repeat.until.isoformat()}) is before the first date ({first.isoformat()}).",
            field="until",
        )


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, its day clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def occurrence_date(first: date, every: str, interval: int, k: int) -> date | None:
    """The date of occurrence ``k`` (0 is ``first``); None when it is beyond the calendar."""
    steps = interval * k
    try:
        if every == "day":
            return first + timedelta(days=steps)
        if every == "week":
            return first + timedelta(weeks=steps)
        if every == "month":
            return add_months(first, steps)
        if every == "year":
            return add_months(first, 12 * steps)
    except (OverflowError, ValueError):
        return None  # past 9999-12-31: the series simply has no such occurrence
    raise ValueError(f"Unknown unit {every!r}.")


def next_occurrence(first: date, repeat: Repeat, k: int) -> date | None:
    """The date of occurrence ``k``, or None when the series has ended before it."""
    day = occurrence_date(first, repeat.every, repeat.interval, k)
    if day is None or (repeat.until is not None and day > repeat.until):
        return None
    return day
