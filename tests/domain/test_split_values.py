"""Recovering the values of a stored split, so that editing it starts from what it was."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from groups.domain.money import split_amount, split_values

D = Decimal


@pytest.mark.parametrize(
    ("amount", "method", "values", "recovered"),
    [
        ("90.00", "shares", ["2", "1"], ["2", "1"]),
        ("100.00", "shares", ["1", "1", "1"], ["1", "1", "1"]),
        ("10.01", "shares", ["3", "7"], ["3", "7"]),
        ("10.00", "percent", ["50", "50"], ["50", "50"]),
        ("100.00", "percent", ["33.333333", "33.333333", "33.333334"], ["33.33", "33.33", "33.34"]),
        ("10.00", "exact", ["3", "7"], ["3.00", "7.00"]),
    ],
)
def test_simple_values_come_back(amount, method, values, recovered):
    parts = split_amount(D(amount), method, [D(v) for v in values])
    assert split_values(D(amount), method, parts) == [D(v) for v in recovered]


def test_an_equal_split_needs_no_values():
    parts = split_amount(D("10.00"), "equal", [None] * 3)
    assert split_values(D("10.00"), "equal", parts) == [None, None, None]


def test_parts_no_split_of_that_kind_makes_give_none():
    assert split_values(D("10.00"), "equal", [D("9.00"), D("1.00")]) is None
    assert split_values(D("10.00"), "nonsense", [D("10.00")]) is None


amounts = st.integers(min_value=1, max_value=10**9).map(lambda cents: D(cents) / 100)


@given(
    amount=amounts,
    method=st.sampled_from(["equal", "percent", "shares"]),
    weights=st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=6),
)
def test_recovered_values_split_into_the_same_parts(amount, method, weights):
    if method == "percent":
        total = sum(weights)
        values = [D(w * 100) / total for w in weights]
        values = [v.quantize(D("0.000001")) for v in values]
        values[-1] += 100 - sum(values)
    else:
        values = [D(w) for w in weights] if method == "shares" else [None] * len(weights)
    try:
        parts = split_amount(amount, method, values)
    except ValueError:
        return  # too small to split among so many, or a percentage the split refuses
    recovered = split_values(amount, method, parts)
    if recovered is not None:
        assert split_amount(amount, method, recovered) == parts
    else:
        assert method == "percent"  # only percentages may fail to come back exactly
