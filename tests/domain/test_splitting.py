"""Splitting an amount: known values, refusals, and the invariants by property."""

import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from groups.domain.money import (
    CENT,
    MAX_AMOUNT,
    SplitError,
    from_cents,
    split_amount,
    to_cents,
)


def decimals(*texts):
    return [Decimal(text) for text in texts]


@pytest.mark.parametrize(
    ("amount", "method", "values", "expected"),
    [
        ("100.00", "equal", [None] * 3, ["33.34", "33.33", "33.33"]),
        ("100.00", "equal", [None] * 4, ["25.00"] * 4),
        ("0.05", "equal", [None] * 3, ["0.02", "0.02", "0.01"]),
        ("0.03", "equal", [None] * 3, ["0.01"] * 3),
        ("7.00", "equal", [None], ["7.00"]),
        ("0.05", "shares", decimals("1", "1", "1"), ["0.02", "0.02", "0.01"]),
        ("10.00", "shares", decimals("1", "1.5", "2.5"), ["2.00", "3.00", "5.00"]),
        ("1.00", "shares", decimals("1", "2"), ["0.33", "0.67"]),
        ("1.00", "shares", decimals("2", "1"), ["0.67", "0.33"]),
        ("10.00", "percent", decimals("33.333", "33.333", "33.334"), ["3.33", "3.33", "3.34"]),
        ("10.00", "percent", decimals("33.334", "33.333", "33.333"), ["3.34", "3.33", "3.33"]),
        ("100.00", "percent", decimals("50", "25", "25"), ["50.00", "25.00", "25.00"]),
        ("1.00", "percent", decimals("0.5", "99.5"), ["0.01", "0.99"]),
        ("12.34", "exact", decimals("10", "2.34"), ["10.00", "2.34"]),
        ("12.34", "exact", decimals("12.3", "0.04"), ["12.30", "0.04"]),
    ],
)
def test_split_known_values(amount, method, values, expected):
    parts = split_amount(Decimal(amount), method, values)

    assert parts == decimals(*expected)
    assert [str(part) for part in parts] == expected


def test_equal_split_refuses_values():
    # A value with an equal split is a mistake (a forgotten split), not something to ignore.
    with pytest.raises(SplitError, match="equal split takes no values") as refused:
        split_amount(Decimal("10"), "equal", [Decimal("5"), None])

    assert refused.value.field == "participants"


def test_ties_always_go_to_the_participant_listed_first():
    for _ in range(5):
        assert split_amount(Decimal("0.05"), "shares", decimals("2", "1", "2", "1")) == decimals(
            "0.02", "0.01", "0.01", "0.01"
        )


@pytest.mark.parametrize(
    ("amount", "method", "values", "field"),
    [
        ("10.00", "exact", decimals("5", "4.99"), "participants"),
        ("10.00", "exact", decimals("5", "5.01"), "participants"),
        ("10.00", "exact", decimals("10", "0"), "participants"),
        ("10.00", "exact", decimals("11", "-1"), "participants"),
        ("10.00", "exact", decimals("5.005", "4.995"), "participants"),
        ("10.00", "exact", [Decimal("10"), None], "participants"),
        ("10.00", "percent", decimals("50", "49.9"), "participants"),
        ("10.00", "percent", decimals("50", "50.1"), "participants"),
        ("10.00", "percent", decimals("100", "0"), "participants"),
        ("10.00", "percent", decimals("101", "-1"), "participants"),
        ("10.00", "percent", decimals("33.3333333", "33.3333333", "33.3333334"), "participants"),
        ("10.00", "shares", decimals("0", "0"), "participants"),
        ("10.00", "shares", decimals("1", "0"), "participants"),
        ("10.00", "shares", decimals("1", "-1"), "participants"),
        ("10.00", "shares", [Decimal("1"), Decimal("NaN")], "participants"),
        ("10.00", "shares", [Decimal("1"), Decimal("Infinity")], "participants"),
        ("10.00", "shares", [Decimal("1"), 1.0], "participants"),
        ("10.00", "shares", [Decimal("1"), "1"], "participants"),
        ("10.00", "shares", [Decimal("1"), None], "participants"),
        ("10.00", "shares", [Decimal("1"), Decimal("1e20")], "participants"),
        ("10.00", "equal", [], "participants"),
        ("10.00", "shares", [], "participants"),
        ("0.02", "equal", [None] * 3, "participants"),
        ("1.00", "shares", decimals("1", "1000"), "participants"),
        # 99.5 and 0.5 cents tie on remainder, so the first gets the cent and the second nothing.
        ("1.00", "percent", decimals("99.5", "0.5"), "participants"),
        ("10.00", "weighted", decimals("1", "1"), "split"),
        ("10.00", "", [None], "split"),
        ("0", "equal", [None], "amount"),
        ("-10", "equal", [None], "amount"),
        ("1.001", "equal", [None], "amount"),
    ],
)
def test_split_refusals(amount, method, values, field):
    with pytest.raises(SplitError) as refusal:
        split_amount(Decimal(amount), method, values)

    assert refusal.value.field == field
    assert str(refusal.value)


def test_exact_refusal_names_the_sum_and_the_amount():
    with pytest.raises(SplitError, match=r"9\.99.*10\.00"):
        split_amount(Decimal("10.00"), "exact", decimals("5", "4.99"))


def test_too_small_refusal_names_the_participant_count():
    with pytest.raises(SplitError, match="too small to split among 3 participants"):
        split_amount(Decimal("0.02"), "equal", [None] * 3)


amounts = st.integers(min_value=1, max_value=to_cents(MAX_AMOUNT)).map(from_cents)
small_amounts = st.integers(min_value=1, max_value=10_000).map(from_cents)
weights = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("1000"), places=6)


@st.composite
def percentages(draw):
    """Positive percentages with up to six places that add up to exactly 100."""
    count = draw(st.integers(min_value=1, max_value=8))
    cut_points = draw(
        st.lists(
            st.integers(min_value=1, max_value=100_000_000 - 1),
            min_size=count - 1,
            max_size=count - 1,
            unique=True,
        )
    )
    bounds = [0, *sorted(cut_points), 100_000_000]
    return [Decimal(high - low).scaleb(-6) for low, high in itertools.pairwise(bounds)]


@st.composite
def exact_splits(draw):
    """An amount and positive parts in cents that add up to it."""
    count = draw(st.integers(min_value=1, max_value=8))
    total_cents = draw(st.integers(min_value=count, max_value=10**9))
    cut_points = draw(
        st.lists(
            st.integers(min_value=1, max_value=max(1, total_cents - 1)),
            min_size=count - 1,
            max_size=count - 1,
            unique=True,
        )
    )
    bounds = [0, *sorted(cut_points), total_cents]
    parts = [from_cents(high - low) for low, high in itertools.pairwise(bounds)]
    return from_cents(total_cents), parts


@st.composite
def proportional_splits(draw):
    """An amount, a proportional method and values for it."""
    method = draw(st.sampled_from(["equal", "percent", "shares"]))
    amount = draw(st.one_of(amounts, small_amounts))
    if method == "equal":
        values = [None] * draw(st.integers(min_value=1, max_value=12))
    elif method == "percent":
        values = draw(percentages())
    else:
        values = draw(st.lists(weights, min_size=1, max_size=12))
    return amount, method, values


def entitlements(amount, method, values):
    """Each participant's exact share of amount in cents, as a fraction."""
    if method == "equal":
        values = [1] * len(values)
    total_weight = sum(Fraction(value) for value in values)
    return [to_cents(amount) * Fraction(value) / total_weight for value in values]


@settings(max_examples=300, deadline=None)
@given(proportional_splits())
def test_proportional_parts_add_up_are_positive_and_within_a_cent(split):
    amount, method, values = split
    exact = entitlements(amount, method, values)
    try:
        parts = split_amount(amount, method, values)
    except SplitError as refusal:
        assert refusal.field == "participants"
        assert min(exact) < 1
        return

    assert sum(parts) == amount
    assert all(part > 0 for part in parts)
    assert all(part == part.quantize(CENT) for part in parts)
    assert all(abs(to_cents(part) - share) < 1 for part, share in zip(parts, exact, strict=True))


@settings(max_examples=100, deadline=None)
@given(exact_splits())
def test_exact_parts_are_returned_unchanged(split):
    amount, parts = split

    assert split_amount(amount, "exact", parts) == parts
    assert sum(split_amount(amount, "exact", parts)) == amount


@settings(max_examples=100, deadline=None)
@given(small_amounts, st.integers(min_value=1, max_value=20))
def test_equal_parts_differ_by_at_most_a_cent_with_the_extra_cents_first(amount, count):
    if to_cents(amount) < count:
        with pytest.raises(SplitError):
            split_amount(amount, "equal", [None] * count)
        return

    parts = split_amount(amount, "equal", [None] * count)

    assert sum(parts) == amount
    assert max(parts) - min(parts) <= CENT
    assert parts == sorted(parts, reverse=True)


@settings(max_examples=100, deadline=None)
@given(amounts, st.lists(weights, min_size=1, max_size=8, unique=True), st.randoms())
def test_permuting_participants_with_distinct_remainders_permutes_parts(amount, shares, random):
    remainders = [share % 1 for share in entitlements(amount, "shares", shares)]
    assume(len(set(remainders)) == len(remainders))
    order = list(range(len(shares)))
    random.shuffle(order)
    try:
        parts = split_amount(amount, "shares", shares)
    except SplitError:
        return

    permuted = split_amount(amount, "shares", [shares[index] for index in order])

    assert permuted == [parts[index] for index in order]


@settings(max_examples=50, deadline=None)
@given(proportional_splits())
def test_same_inputs_give_the_same_parts(split):
    amount, method, values = split
    try:
        first = split_amount(amount, method, values)
    except SplitError:
        return

    assert split_amount(amount, method, list(values)) == first
