"""How writes move the maintained totals: by the difference, spending for expenses only."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from groups.domain.totals import ZERO, Entry, movement

KIND = st.booleans()
cents = st.integers(1, 1_000_000).map(lambda n: Decimal(n).scaleb(-2))


@st.composite
def entries(draw, is_spending=KIND):
    """An expense or payment whose shares pay and owe its amount exactly."""
    members = draw(st.lists(st.integers(1, 6), min_size=1, max_size=4, unique=True))
    owed = [draw(cents) for _ in members]
    amount = sum(owed, ZERO)
    payer = draw(st.sampled_from(members))
    return Entry(
        is_spending=draw(is_spending),
        date=datetime.date(2026, 11, draw(st.integers(1, 3))),
        category=draw(st.sampled_from(["", "food", "rent"])),
        amount=amount,
        shares=tuple(
            (m, amount if m == payer else ZERO, o) for m, o in zip(members, owed, strict=True)
        ),
    )


@given(st.lists(entries()))
def test_counting_and_uncounting_the_same_entries_moves_nothing(some):
    assert not movement(removed=some, added=some)


@given(st.lists(entries()), st.lists(entries()))
def test_the_spending_moves_by_the_expenses_alone_and_stays_balanced(removed, added):
    moved = movement(removed=removed, added=added)

    def spent(entries):
        return sum((e.amount for e in entries if e.is_spending), ZERO)

    net = spent(added) - spent(removed)
    assert sum(moved.days.values(), ZERO) == net
    assert sum((paid for paid, _ in moved.member_days.values()), ZERO) == net
    assert sum((owed for _, owed in moved.member_days.values()), ZERO) == net
    # Members' totals count payments too, and every entry pays what it owes.
    assert sum((p - o for p, o in moved.members.values()), ZERO) == ZERO


@given(entries(is_spending=st.just(False)))
def test_a_payment_moves_the_members_but_no_day(payment):
    moved = movement(added=[payment])

    assert moved.members
    assert not moved.days and not moved.member_days


@given(entries(is_spending=st.just(True)), st.dates(), st.sampled_from(["", "food", "rent"]))
def test_moving_an_expense_to_another_day_or_category_moves_only_its_spending(
    expense, day, category
):
    moved = movement(
        removed=[expense], added=[Entry(True, day, category, expense.amount, expense.shares)]
    )

    assert not moved.members
    if (day, category) == (expense.date, expense.category):
        assert not moved
        return
    assert moved.days == {
        (expense.date, expense.category): -expense.amount,
        (day, category): expense.amount,
    }
    if day == expense.date:
        assert not moved.member_days  # same day, another category: nobody's day changes
    else:
        assert set(moved.member_days) == {
            (member, date) for member, *_ in expense.shares for date in (expense.date, day)
        }
