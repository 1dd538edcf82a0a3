"""Amounts: parsing what callers send, and cents to Decimal and back."""

from decimal import Decimal

import pytest

from groups.domain.money import (
    CENT,
    MAX_AMOUNT,
    SplitError,
    from_cents,
    parse_amount,
    to_cents,
)


def decimals(*texts):
    return [Decimal(text) for text in texts]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12.50", "12.50"),
        ("1.1", "1.10"),
        ("1.10", "1.10"),
        ("1.100", "1.10"),
        (3, "3.00"),
        (Decimal("0.01"), "0.01"),
        (MAX_AMOUNT, "9999999999.99"),
    ],
)
def test_parse_amount_accepts_and_quantizes(value, expected):
    parsed = parse_amount(value)

    assert parsed == Decimal(expected)
    assert str(parsed) == expected


@pytest.mark.parametrize(
    "value",
    [
        "-1",
        Decimal("-0.01"),
        -5,
        "0",
        "0.00",
        "-0",
        0,
        "abc",
        "",
        "1E+2",
        "+5",
        " 7 ",
        "7\n",
        "1_000",
        "12,50",
        "NaN",
        "sNaN",
        Decimal("NaN"),
        "Infinity",
        "-Infinity",
        Decimal("Infinity"),
        "10000000000.00",
        MAX_AMOUNT + CENT,
        "1e30",
        "1.001",
        Decimal("0.005"),
        1.5,
        True,
        None,
        [1],
    ],
)
def test_parse_amount_refuses(value):
    with pytest.raises(SplitError) as refusal:
        parse_amount(value)

    assert refusal.value.field == "amount"
    assert str(refusal.value)


def test_parse_amount_reports_the_given_field():
    with pytest.raises(SplitError) as refusal:
        parse_amount("-3", field="payers")

    assert refusal.value.field == "payers"
    assert str(refusal.value) == "An amount cannot be negative."


def test_split_error_is_a_value_error():
    assert issubclass(SplitError, ValueError)


@pytest.mark.parametrize(
    ("amount", "cents"),
    [("0.05", 5), ("12.50", 1250), ("-12.50", -1250), ("0", 0), ("9999999999.99", 999999999999)],
)
def test_cents_round_trip(amount, cents):
    assert to_cents(Decimal(amount)) == cents
    assert from_cents(cents) == Decimal(amount)


def test_from_cents_always_has_two_places():
    assert str(from_cents(5)) == "0.05"
    assert str(from_cents(-1250)) == "-12.50"
    assert str(from_cents(0)) == "0.00"
    assert str(from_cents(100)) == "1.00"


def test_to_cents_refuses_fractions_of_a_cent_and_floats():
    with pytest.raises(ValueError):
        to_cents(Decimal("0.001"))
    with pytest.raises(ValueError):
        to_cents(Decimal("NaN"))
    with pytest.raises(TypeError):
        to_cents(0.5)
