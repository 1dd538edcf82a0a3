"""Currency codes, names and symbols, and exchange rates as callers give them."""

from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from groups.domain.currencies import (
    MAX_RATE,
    CurrencyError,
    check_currency,
    currency_choices,
    currency_codes,
    currency_name,
    currency_symbol,
    parse_rate,
    plain_rate,
    rate_from_units,
    rate_to_units,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("EUR", "EUR"), ("eur", "EUR"), (" usd ", "USD"), ("Pln", "PLN"), ("XAU", "XAU")],
)
def test_current_codes_are_accepted_in_any_case(typed, stored):
    assert check_currency(typed) == stored


@pytest.mark.parametrize(
    "value",
    ["XYZ", "EURO", "EU", "", "   ", "XTS", "XXX", "HRK", "CYP", "DEM", "€", 978, None, ["EUR"]],
    ids=[
        "unknown",
        "too long",
        "too short",
        "empty",
        "blank",
        "testing code",
        "no currency",
        "replaced by the euro",
        "historic",
        "historic mark",
        "symbol",
        "number",
        "null",
        "list",
    ],
)
def test_anything_else_is_refused_naming_the_field(value):
    with pytest.raises(CurrencyError) as refused:
        check_currency(value, field="currency")

    assert refused.value.field == "currency"


def test_the_list_is_iso_4217_as_shipped():
    codes = currency_codes()

    assert {"EUR", "USD", "GBP", "JPY", "CHF", "PLN", "CAD", "INR", "BRL"} <= codes
    assert len(codes) > 150
    assert all(len(code) == 3 and code.isupper() for code in codes)


def test_names_and_symbols_come_from_cldr():
    assert currency_name("PLN") == "Polish Zloty"
    assert currency_name("EUR", locale="fr") == "euro"
    assert currency_symbol("EUR") == "€"
    assert currency_symbol("USD") == "$"
    assert ("EUR", "EUR — Euro") in currency_choices()
    assert [code for code, _ in currency_choices()] == sorted(currency_codes())


@pytest.mark.parametrize(
    ("value", "rate"),
    [
        ("0.92", "0.92"),
        ("1", "1"),
        ("1.0000000000", "1"),
        ("150.25", "150.25"),
        ("0.0000000001", "0.0000000001"),
        ("0.6666666667", "0.6666666667"),
        (" 4 ", "4"),
        (Decimal("0.8"), "0.8"),
        (3, "3"),
        (str(MAX_RATE), str(MAX_RATE)),
    ],
)
def test_rates_are_read_exactly(value, rate):
    assert format(parse_rate(value), "f") == rate


@pytest.mark.parametrize(
    "value",
    [
        "0",
        "0.0000000000",
        "-1",
        "NaN",
        "Infinity",
        "-inf",
        "0.00000000001",
        "1.23456789012",
        "100000000",
        "1e3",
        "one",
        "",
        True,
        1.5,
        None,
        Decimal("NaN"),
    ],
)
def test_bad_rates_are_refused(value):
    with pytest.raises(CurrencyError) as refused:
        parse_rate(value, field="exchange_rate")

    assert refused.value.field == "exchange_rate"


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=int(MAX_RATE.scaleb(10))))
@example(312500000000000)  # 31250: a whole rate whose last digit is 0
def test_stored_units_round_trip_exactly(units):
    rate = rate_from_units(units)

    assert rate_to_units(rate) == units
    assert parse_rate(format(rate, "f")) == rate
    text = format(rate, "f")
    # No trailing zeros after the point, and no bare point; a whole rate may end in 0 (31250).
    assert not text.endswith(".") and not ("." in text and text.endswith("0"))


def test_plain_rates_have_no_trailing_zeros_and_no_positive_exponent():
    assert str(plain_rate(Decimal("10.0000000000"))) == "10"
    assert str(plain_rate(Decimal("0.9200000000"))) == "0.92"
    assert str(plain_rate(Decimal("1E+2"))) == "100"
    assert format(plain_rate(Decimal("1.0E-10")), "f") == "0.0000000001"
