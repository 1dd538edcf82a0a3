"""Recurring series: each due occurrence created once, copied from the first, paused or stopped."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from groups.domain.recurrence import Repeat
from groups.models import Activity, Expense, RecurringOccurrence, RecurringSeries
from groups.services.expenses import (
    Participant,
    Payer,
    expense_create,
    expense_delete,
    expense_update,
)
from groups.services.members import member_deactivate, member_update
from groups.services.payments import payment_create
from groups.services.recurring import recurring_run, series_resume, series_stop
from tests.factories import add_repeating_expense

pytestmark = pytest.mark.django_db


def d(text: str) -> date:
    return date.fromisoformat(text)


def dates_of(series) -> list[str]:
    return [o.date.isoformat() for o in RecurringOccurrence.objects.filter(series=series)]


def test_the_first_expense_starts_the_series(group, ann, kid):
    first = add_repeating_expense(group, ann, [ann, kid], first=d("2026-01-31"))

    series = first.started_series
    assert (series.every, series.interval, series.until) == ("month", 1, None)
    assert (series.first_date, series.next_date, series.active) == (
        d("2026-01-31"),
        d("2026-02-28"),
        True,
    )
    assert dates_of(series) == ["2026-01-31"]
    [entry] = Activity.objects.filter(action="recurring.created")
    assert entry.object_type == "recurring" and entry.object_id == series.pk
    assert entry.expense == first
    assert entry.summary == "ann added Rent (30.00), repeating every month"


def test_a_run_creates_what_is_due_copying_the_first(group, ann, bob, kid):
    first = expense_create(
        group=group,
        created_by=ann.user,
        description="Rent",
        amount="100.00",
        split="shares",
        participants=[Participant(bob.pk, Decimal(2)), Participant(kid.pk, Decimal(1))],
        payers=[Payer(ann.pk, "60.00"), Payer(bob.pk, "40.00")],
        date=d("2026-01-31"),
        category="rent",
        repeat=Repeat("month"),
    )

    report = recurring_run(today=d("2026-03-31"))

    assert [e.date.isoformat() for e in report.created] == ["2026-02-28", "2026-03-31"]
    assert dates_of(first.started_series) == ["2026-01-31", "2026-02-28", "2026-03-31"]
    shares = sorted(first.shares.values_list("member_id", "paid", "owed"))
    for copy in report.created:
        copy.refresh_from_db()
        assert (copy.description, copy.amount, copy.split, copy.category, copy.kind) == (
            "Rent",
            Decimal("100.00"),
            "shares",
            "rent",
            "expense",
        )
        assert copy.created_by == ann.user
        assert sorted(copy.shares.values_list("member_id", "paid", "owed")) == shares
    entries = Activity.objects.filter(action="expense.created", actor=None)
    assert [e.summary for e in entries.order_by("pk")] == [
        "Rent (100.00) added for 2026-02-28, repeating every month",
        "Rent (100.00) added for 2026-03-31, repeating every month",
    ]


def test_running_twice_creates_nothing_more(group, ann, kid):
    first = add_repeating_expense(group, ann, [ann, kid], first=d("2026-01-01"), every="week")
    recurring_run(today=d("2026-01-20"))
    count = Expense.objects.count()

    report = recurring_run(today=d("2026-01-20"))

    assert report.created == [] and Expense.objects.count() == count
    assert dates_of(first.started_series) == [
        "2026-01-01",
        "2026-01-08",
        "2026-01-15",
    ]


def test_a_late_run_catches_up_every_missed_occurrence_once(group, ann, kid):
    first = add_repeating_expense(group, ann, [ann, kid], first=d("2026-01-01"), every="day")
    recurring_run(today=d("2026-01-02"))

    report = recurring_run(today=d("2026-01-10"))  # eight days of downtime

    assert [e.date.day for e in report.created] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert len(dates_of(first.started_series)) == len(set(dates_of(first.started_series))) == 10
    series = RecurringSeries.objects.get()
    assert (series.next_index, series.next_date) == (10, d("2026-01-11"))


def test_a_series_ends_after_until(group, ann, kid):
    first = add_repeating_expense(
        group,
        ann,
        [ann, kid],
        first=d("2026-01-01"),
        every="week",
        interval=2,
        until=d("2026-02-11"),
    )

    recurring_run(today=d("2027-01-01"))

    assert dates_of(first.started_series) == ["2026-01-01", "2026-01-15", "2026-01-29"]
    series = RecurringSeries.objects.get()
    assert (series.active, series.next_date) == (False, None)


def test_a_series_involving_a_member_who_left_pauses_and_says_why(group, ann, bob, kid):
    first = add_repeating_expense(group, ann, [ann, kid], first=d("2026-01-01"), every="week")
    recurring_run(today=d("2026-01-08"))
    # Kid settles the 15.00 owed for each of the two occurrences, and leaves.
    payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="30.00"
    )
    member_deactivate(member=kid, actor=ann)

    report = recurring_run(today=d("2026-01-31"))

    assert report.created == []
    series = RecurringSeries.objects.get()
    assert (series.active, series.next_date) == (False, d("2026-01-15"))
    assert "Kid, who left the group" in series.paused_reason
    [entry] = Activity.objects.filter(action="recurring.paused")
    assert entry.summary == series.paused_reason
    assert entry.summary.startswith("Rent was not repeated on 2026-01-15: it involves Kid")
    assert recurring_run(today=d("2026-02-28")).created == []
    assert dates_of(first.started_series) == ["2026-01-01", "2026-01-08"]

    # Kid comes back; the series resumes and catches up on what it missed.
    member_update(member=kid, actor=ann, active=True)
    series_resume(series=series, actor=bob)
    report = recurring_run(today=d("2026-01-31"))
    assert [e.date.day for e in report.created] == [15, 22, 29]


def test_stopping_keeps_what_was_created_and_creates_nothing_more(group, ann, kid):
    first = add_repeating_expense(group, ann, [ann, kid], first=d("2026-01-01"), every="day")
    recurring_run(today=d("2026-01-03"))

    series_stop(series=first.started_series, actor=ann)
    series_stop(series=first.started_series, actor=ann)  # twice: no-op

    assert recurring_run(today=d("2026-02-01")).created == []
    assert dates_of(first.started_series) == ["2026-01-01", "2026-01-02", "2026-01-03"]
    assert Activity.objects.filter(action="recurring.stopped").count() == 1
    with pytest.raises(ValidationError):
        series_resume(series=first.started_series, actor=ann)


def test_a_trashed_occurrence_is_not_created_again(group, ann, kid):
    first = add_repeating_expense(group, ann, [ann, kid], first=d("2026-01-01"), every="day")
    [second] = recurring_run(today=d("2026-01-02")).created

    expense_delete(expense=second)

    assert recurring_run(today=d("2026-01-02")).created == []
    assert dates_of(first.started_series) == ["2026-01-01", "2026-01-02"]


def test_occurrences_follow_changes_to_the_first_expense(group, ann, kid):
    first = add_repeating_expense(group, ann, [ann, kid], first=d("2026-01-01"), every="day")

    expense_update(
        expense=first,
        description="Flat rent",
        amount="50.00",
        split="exact",
        participants=[Participant(ann.pk, Decimal("10.00")), Participant(kid.pk, Decimal("40.00"))],
        payers=[Payer(ann.pk, Decimal("50.00"))],
    )
    [copy] = recurring_run(today=d("2026-01-02")).created

    assert (copy.description, copy.amount, copy.date) == (
        "Flat rent",
        Decimal("50.00"),
        d("2026-01-02"),
    )
    assert sorted(copy.shares.values_list("member_id", "owed")) == [
        (ann.pk, Decimal("10.00")),
        (kid.pk, Decimal("40.00")),
    ]


@pytest.mark.parametrize(
    ("repeat", "message"),
    [
        (Repeat("fortnight"), "every: 'fortnight' is not a unit"),
        (Repeat("day", 0), "interval: The interval must be from 1 to 365."),
        (Repeat("day", 366), "interval: The interval must be from 1 to 365."),
        (Repeat("day", 1, d("2025-12-31")), "until: until (2025-12-31) is before the first date"),
    ],
)
def test_a_bad_repeat_is_refused_and_nothing_is_written(group, ann, kid, repeat, message):
    with pytest.raises(ValidationError) as refused:
        expense_create(
            group=group,
            created_by=ann.user,
            description="Rent",
            amount="10.00",
            split="equal",
            participants=[Participant(ann.pk)],
            payers=[Payer(ann.pk, "10.00")],
            date=d("2026-01-01"),
            repeat=repeat,
        )

    assert message in refused.value.message_dict["repeat"][0]
    assert not Expense.objects.exists() and not RecurringSeries.objects.exists()
