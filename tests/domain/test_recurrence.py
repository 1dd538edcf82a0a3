"""Recurrence dates: known values, the rule's checks, and the invariants by property."""

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from groups.domain.recurrence import (
    MAX_INTERVAL,
    UNITS,
    Repeat,
    RepeatError,
    add_months,
    check_repeat,
    next_occurrence,
    occurrence_date,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("first", "every", "interval", "expected"),
    [
        # Month ends: clamped to the month's last day, never drifting from the first date.
        ("2026-01-31", "month", 1, ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]),
        ("2028-01-31", "month", 1, ["2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"]),
        ("2026-01-30", "month", 1, ["2026-01-30", "2026-02-28", "2026-03-30", "2026-04-30"]),
        ("2026-03-31", "month", 2, ["2026-03-31", "2026-05-31", "2026-07-31", "2026-09-30"]),
        ("2026-11-30", "month", 3, ["2026-11-30", "2027-02-28", "2027-05-30", "2027-08-30"]),
        ("2026-12-15", "month", 1, ["2026-12-15", "2027-01-15", "2027-02-15", "2027-03-15"]),
        # A leap day: 28 February in common years, back to 29 in leap years.
        ("2024-02-29", "year", 1, ["2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28"]),
        ("2024-02-29", "year", 4, ["2024-02-29", "2028-02-29", "2032-02-29", "2036-02-29"]),
        ("2026-05-10", "year", 2, ["2026-05-10", "2028-05-10", "2030-05-10", "2032-05-10"]),
        ("2026-12-30", "day", 1, ["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"]),
        ("2028-02-27", "day", 2, ["2028-02-27", "2028-02-29", "2028-03-02", "2028-03-04"]),
        ("2026-12-28", "week", 1, ["2026-12-28", "2027-01-04", "2027-01-11", "2027-01-18"]),
        ("2026-01-01", "week", 2, ["2026-01-01", "2026-01-15", "2026-01-29", "2026-02-12"]),
    ],
)
def test_occurrence_dates(first, every, interval, expected):
    dates = [occurrence_date(d(first), every, interval, k) for k in range(len(expected))]

    assert dates == [d(day) for day in expected]


def test_an_occurrence_beyond_the_calendar_does_not_exist():
    assert occurrence_date(d("9999-12-01"), "month", 1, 1) is None
    assert occurrence_date(d("9999-12-31"), "day", 1, 1) is None
    assert occurrence_date(d("9999-12-30"), "day", 1, 1) == d("9999-12-31")


def test_until_is_the_last_possible_date():
    repeat = Repeat("week", 1, until=d("2026-01-15"))

    assert next_occurrence(d("2026-01-01"), repeat, 2) == d("2026-01-15")
    assert next_occurrence(d("2026-01-01"), repeat, 3) is None
    assert next_occurrence(d("2026-01-01"), Repeat("week"), 3) == d("2026-01-22")


@pytest.mark.parametrize(
    ("repeat", "field"),
    [
        (Repeat("fortnight"), "every"),
        (Repeat("Month"), "every"),
        (Repeat("month", 0), "interval"),
        (Repeat("month", -1), "interval"),
        (Repeat("day", MAX_INTERVAL + 1), "interval"),
        (Repeat("day", True), "interval"),
        (Repeat("day", 1.0), "interval"),
        (Repeat("day", 1, until=d("2025-12-31")), "until"),
    ],
)
def test_refused_rules_name_the_part_at_fault(repeat, field):
    with pytest.raises(RepeatError) as refused:
        check_repeat(repeat, d("2026-01-01"))

    assert refused.value.field == field


@pytest.mark.parametrize(
    "repeat",
    [Repeat("day"), Repeat("year", MAX_INTERVAL), Repeat("week", 1, until=d("2026-01-01"))],
)
def test_accepted_rules(repeat):
    check_repeat(repeat, d("2026-01-01"))


# --- properties ------------------------------------------------------------------------------

firsts = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
intervals = st.integers(min_value=1, max_value=MAX_INTERVAL)
steps = st.integers(min_value=0, max_value=60)


@given(firsts, st.sampled_from(["day", "week"]), intervals, steps)
def test_days_and_weeks_are_exact_multiples(first, every, interval, k):
    days = interval * k * (7 if every == "week" else 1)

    assert occurrence_date(first, every, interval, k) == first + timedelta(days=days)


@given(firsts, st.sampled_from(["month", "year"]), intervals, steps)
def test_months_and_years_keep_the_first_day_clamped_to_the_month_end(first, every, interval, k):
    day = occurrence_date(first, every, interval, k)
    assume(day is not None)  # not past 9999
    months = interval * k * (12 if every == "year" else 1)

    assert (day.year * 12 + day.month) - (first.year * 12 + first.month) == months
    assert day.day == min(first.day, calendar.monthrange(day.year, day.month)[1])


@given(firsts, st.sampled_from(UNITS), intervals, steps)
def test_occurrences_strictly_increase(first, every, interval, k):
    later = occurrence_date(first, every, interval, k + 1)
    assume(later is not None)  # not past 9999

    assert occurrence_date(first, every, interval, k) < later


@given(firsts, st.integers(min_value=1, max_value=40), st.integers(min_value=1, max_value=40))
def test_counting_from_the_first_date_never_drifts(first, a, b):
    # Stepping from an occurrence that was clamped (31 Jan -> 28 Feb) would lose days; counting
    # from the first date does not, so a + b months from the first is a + b months, not less.
    assert add_months(first, a + b) == occurrence_date(first, "month", 1, a + b)
    if first.day <= 28:
        assert add_months(add_months(first, a), b) == add_months(first, a + b)
    assert add_months(first, a + b).day >= add_months(add_months(first, a), b).day
