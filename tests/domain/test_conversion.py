"""Expenses in another currency: the group amount, carried-over parts, and the invariants."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groups.domain.conversion import (
    carry_over,
    convert,
    convert_expense,
    cross_rate,
    group_amount_of,
    round_rate,
)
from groups.domain.currencies import MAX_RATE
from groups.domain.money import CENT, MAX_AMOUNT, SplitError, from_cents, split_amount, to_cents


def decimals(*texts):
    return [Decimal(text) for text in texts]


@pytest.mark.parametrize(
    ("amount", "rate", "expected"),
    [
        ("30.00", "0.6666666667", "20.00"),  # IHateMoney's CAD -> EUR
        ("80.00", "0.2", "16.00"),  # IHateMoney's PLN -> EUR
        ("1.00", "0.005", "0.01"),  # exactly half a cent rounds up
        ("1.00", "0.0049999999", "0.00"),
        ("0.01", "1", "0.01"),
        ("10.00", "1.2345", "12.35"),  # 12.345 -> half up
        ("9999999999.99", "1", "9999999999.99"),
        # 30 significant digits: beyond a float and beyond Decimal's default context.
        ("9999999999.99", "99999999.9999999999", "999999999998999999.00"),
    ],
)
def test_convert_rounds_half_up_exactly(amount, rate, expected):
    assert str(convert(Decimal(amount), Decimal(rate))) == expected


@pytest.mark.parametrize(("amount", "rate"), [("0.01", "0.4"), ("100.00", "0.00001")])
def test_a_group_amount_under_a_cent_is_refused(amount, rate):
    with pytest.raises(SplitError) as refused:
        group_amount_of(Decimal(amount), Decimal(rate))
    assert refused.value.field == "group_amount"


def test_a_group_amount_beyond_the_limit_is_refused():
    with pytest.raises(SplitError) as refused:
        group_amount_of(MAX_AMOUNT, Decimal("1.5"))
    assert refused.value.field == "group_amount"


@pytest.mark.parametrize(
    ("group_amount", "parts", "expected"),
    [
        ("20.00", ["15.00", "15.00"], ["10.00", "10.00"]),
        ("20.00", ["30.00"], ["20.00"]),
        ("0.01", ["1.00", "1.00"], ["0.01", "0.00"]),  # the tie goes to the first listed
        ("0.02", ["1.00", "2.00"], ["0.01", "0.01"]),  # 0.0067, 0.0133: larger remainder first
        ("10.00", ["1.00", "1.00", "1.00"], ["3.34", "3.33", "3.33"]),
        ("16.00", ["50.00", "30.00"], ["10.00", "6.00"]),
    ],
)
def test_carry_over_divides_in_proportion(group_amount, parts, expected):
    assert carry_over(Decimal(group_amount), decimals(*parts)) == decimals(*expected)


def test_ihatemoney_expense_paid_by_one_for_two():
    converted = convert_expense(
        amount=Decimal("30.00"),
        rate=Decimal("0.6666666667"),
        split="equal",
        values=[None, None],
        paid=[Decimal("30.00")],
    )

    assert converted.group_amount == Decimal("20.00")
    assert converted.paid == decimals("20.00")
    assert converted.owed == decimals("10.00", "10.00")


def test_exact_parts_and_payers_are_carried_over():
    converted = convert_expense(
        amount=Decimal("100.00"),
        rate=Decimal("1.1"),
        split="exact",
        values=decimals("33.33", "66.67"),
        paid=decimals("50.00", "50.00"),
    )

    assert converted.group_amount == Decimal("110.00")
    assert converted.owed == decimals("36.66", "73.34")  # 36.663, 73.337
    assert converted.paid == decimals("55.00", "55.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"values": decimals("60.00", "20.00")}, "participants"),  # exact parts not summing
        ({"paid": decimals("60.00", "20.00")}, "payers"),  # payers not summing
        ({"rate": Decimal("0.00001")}, "group_amount"),
        ({"values": decimals("99.99", "0.01"), "rate": Decimal("0.1")}, "participants"),
        ({"paid": decimals("99.99", "0.01"), "rate": Decimal("0.1")}, "payers"),
    ],
)
def test_refusals_name_the_input_at_fault(changes, field):
    arguments = {
        "amount": Decimal("100.00"),
        "rate": Decimal("2"),
        "split": "exact",
        "values": decimals("50.00", "50.00"),
        "paid": decimals("100.00"),
        **changes,
    }
    with pytest.raises(SplitError) as refused:
        convert_expense(**arguments)
    assert refused.value.field == field


def test_at_rate_one_conversion_changes_nothing():
    for split, values in [
        ("equal", [None] * 3),
        ("exact", decimals("50.00", "25.00", "25.00")),
        ("percent", decimals("33.333", "33.333", "33.334")),
        ("shares", decimals("1", "2", "3")),
    ]:
        converted = convert_expense(
            amount=Decimal("100.00"),
            rate=Decimal(1),
            split=split,
            values=values,
            paid=decimals("40.00", "60.00"),
        )
        assert converted.group_amount == Decimal("100.00")
        assert converted.owed == split_amount(Decimal("100.00"), split, values)
        assert converted.paid == decimals("40.00", "60.00")


# --- properties -------------------------------------------------------------------------------

amount_cents = st.integers(min_value=1, max_value=to_cents(MAX_AMOUNT))
rates = st.integers(min_value=1, max_value=int(MAX_RATE.scaleb(10))).map(
    lambda units: Decimal(units).scaleb(-10)
)
# Rates people use, from 0.0001 to 10,000, with up to 10 decimals.
everyday_rates = st.integers(min_value=10**6, max_value=10**14).map(
    lambda units: Decimal(units).scaleb(-10)
)


def cuts(total: int, count: int, draw) -> list[int]:
    """``count`` positive whole numbers adding up to ``total`` (count <= total)."""
    if count == 1:
        return [total]
    inner = st.sets(st.integers(1, total - 1), min_size=count - 1, max_size=count - 1)
    points = sorted(draw(inner))
    return [b - a for a, b in zip([0, *points], [*points, total], strict=True)]


@st.composite
def expenses(draw, rate_strategy=everyday_rates):
    cents = draw(st.integers(min_value=1, max_value=10**9))
    rate = draw(rate_strategy)
    payers = draw(st.integers(1, min(5, cents)))
    people = draw(st.integers(1, min(6, cents)))
    split = draw(st.sampled_from(["equal", "exact", "percent", "shares"]))
    if split == "exact":
        values = [from_cents(c) for c in cuts(cents, people, draw)]
    elif split == "percent":
        values = [Decimal(c) for c in cuts(100, min(people, 100), draw)]
    elif split == "shares":
        values = [Decimal(draw(st.integers(1, 9))) for _ in range(people)]
    else:
        values = [None] * people
    paid = [from_cents(c) for c in cuts(cents, payers, draw)]
    return from_cents(cents), rate, split, values, paid


@settings(max_examples=400, deadline=None)
@given(expenses())
def test_both_columns_always_sum_exactly_to_the_group_amount(expense):
    amount, rate, split, values, paid = expense
    try:
        converted = convert_expense(amount=amount, rate=rate, split=split, values=values, paid=paid)
    except SplitError as refused:
        # Refused only when the whole, or someone's part, comes to less than a cent, or the
        # whole to more than an amount may be.
        group_amount = convert(amount, rate)
        if refused.field == "group_amount":
            assert group_amount < CENT or group_amount > MAX_AMOUNT
        elif refused.field == "payers":
            assert 0 in carry_over(group_amount, paid)
        else:
            assert refused.field == "participants"
            if split == "exact":
                assert 0 in carry_over(group_amount, values)
            else:
                with pytest.raises(SplitError):
                    split_amount(group_amount, split, values)
        return
    assert converted.group_amount == convert(amount, rate)
    assert sum(converted.paid) == converted.group_amount
    assert sum(converted.owed) == converted.group_amount
    assert all(part > 0 for part in [*converted.paid, *converted.owed])


@settings(max_examples=200, deadline=None)
@given(expenses(rate_strategy=rates))
def test_any_rate_sums_exactly_or_is_refused_by_name(expense):
    amount, rate, split, values, paid = expense
    try:
        converted = convert_expense(amount=amount, rate=rate, split=split, values=values, paid=paid)
    except SplitError as refused:
        assert refused.field in {"group_amount", "participants", "payers"}
        return
    assert sum(converted.paid) == sum(converted.owed) == converted.group_amount


@settings(deadline=None)
@given(st.data(), amount_cents, rates)
def test_carried_over_parts_stay_within_a_cent_of_their_exact_share(data, cents, rate):
    total = from_cents(cents)
    group_amount = convert(total, rate)
    if not group_amount:
        return
    count = data.draw(st.integers(1, min(6, cents)))
    parts = [from_cents(c) for c in cuts(cents, count, data.draw)]

    carried = carry_over(group_amount, parts)

    assert sum(carried) == group_amount
    for part, got in zip(parts, carried, strict=True):
        exact = Fraction(group_amount) * Fraction(part) / Fraction(total)
        assert abs(Fraction(got) - exact) < Fraction(1, 100)


def test_cross_rates_through_a_base():
    per_usd = {"CAD": Decimal("1.2"), "EUR": Decimal("0.8"), "PLN": Decimal("4")}

    cad = cross_rate(per_usd, group_currency="EUR", currency="CAD", base="USD")
    pln = cross_rate(per_usd, group_currency="EUR", currency="PLN", base="USD")
    usd = cross_rate(per_usd, group_currency="EUR", currency="USD", base="USD")

    assert (cad, pln, usd) == (Fraction(2, 3), Fraction(1, 5), Fraction(4, 5))
    assert round_rate(cad, 10) == Decimal("0.6666666667")
    assert cross_rate(per_usd, group_currency="EUR", currency="JPY", base="USD") is None
    assert cross_rate(per_usd, group_currency="USD", currency="EUR", base="USD") == Fraction(5, 4)


def test_round_rate_is_half_up():
    assert round_rate(Fraction(1, 3), 2) == Decimal("0.33")
    assert round_rate(Fraction(5, 1000), 2) == Decimal("0.01")
    assert round_rate(Fraction(1, 2 * 10**10), 10) == Decimal("1E-10")
    assert round_rate(Fraction(1, 3 * 10**10), 10) == 0
