"""Reading rate files (the ECB's and a plain one) and the rates they give a group."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groups.domain.conversion import cross_rate, round_rate
from groups.domain.currencies import MAX_RATE
from groups.domain.rate_files import (
    ECB,
    PLAIN,
    DayRates,
    RateFile,
    RateFileError,
    rates_for_group,
    read_rate_file,
)

# The shape of the ECB's eurofxref-hist.csv: newest first, "N/A" where there is no rate, a
# trailing comma on every line, and columns of currencies that are no longer current.
ECB_FILE = """\
Date,USD,JPY,CYP,GBP,PLN,
2024-01-05,1.0921,158.32,N/A,0.86,4.3675,
2024-01-04,1.0953,158.01,N/A,N/A,4.3510,
2008-01-02,1.4712,164.93,0.585274,0.7421,3.5930,
"""


def read(text: str):
    return read_rate_file(text.splitlines(keepends=True))


def test_an_ecb_file_is_read_whole():
    rate_file = read(ECB_FILE)

    assert rate_file.format == ECB
    assert rate_file.ignored_columns == ["CYP"]
    assert [day.date for day in rate_file.days] == [
        datetime.date(2024, 1, 5),
        datetime.date(2024, 1, 4),
        datetime.date(2008, 1, 2),
    ]
    assert rate_file.days[1].per_euro == {
        "USD": Decimal("1.0953"),
        "JPY": Decimal("158.01"),
        "PLN": Decimal("4.3510"),
    }
    assert [day.line for day in rate_file.days] == [2, 3, 4]


def test_ecb_rates_for_a_euro_group_are_inverted_exactly():
    rates = rates_for_group(read(ECB_FILE), "EUR").rates

    day = datetime.date(2024, 1, 5)
    assert rates["USD", day] == Decimal("0.9156670635")  # 1 / 1.0921 = 0.91566706345…
    assert rates["GBP", day] == Decimal("1.1627906977")
    assert rates["PLN", day] == Decimal("0.2289639382")
    assert ("GBP", datetime.date(2024, 1, 4)) not in rates  # N/A that day
    assert ("EUR", day) not in rates


def test_ecb_rates_for_another_group_go_through_the_euro():
    result = rates_for_group(read(ECB_FILE), "GBP")

    day = datetime.date(2024, 1, 5)
    assert result.rates["EUR", day] == Decimal("0.86")
    assert result.rates["USD", day] == Decimal("0.7874736746")  # 0.86 / 1.0921
    assert result.rates["JPY", day] == Decimal("0.0054320364")  # 0.86 / 158.32
    assert ("GBP", day) not in result.rates
    # No GBP rate on 2024-01-04: nothing can be converted into pounds that day.
    assert result.days_without_group_currency == 1
    assert not any(date == datetime.date(2024, 1, 4) for _, date in result.rates)


def test_a_group_in_a_currency_the_file_lacks_gets_nothing():
    result = rates_for_group(read(ECB_FILE), "CHF")

    assert result.rates == {}
    assert result.days_without_group_currency == 3


def test_rates_too_large_or_too_small_to_store_are_skipped_and_counted():
    text = "Date,IDR,JPY,USD,\n2024-01-05,90000000,0.0001,1000,\n"

    in_rupiah = rates_for_group(read(text), "IDR")
    in_euro = rates_for_group(read(text), "EUR")

    day = datetime.date(2024, 1, 5)
    # 90,000,000 / 0.0001 rupiah for a yen is more than a rate can hold.
    assert in_rupiah.rates == {("EUR", day): Decimal(90000000), ("USD", day): Decimal(90000)}
    assert in_rupiah.unrepresentable == 1
    # A rupiah is 0.0000000111 euro: kept. In yen it is 0.0001 / 90,000,000, under 10^-10,
    # which would round to a rate of 0: skipped.
    assert in_euro.rates["IDR", day] == Decimal("0.0000000111")
    in_yen = rates_for_group(read("Date,IDR,JPY,\n2024-01-05,90000000,0.0001,\n"), "JPY")
    assert ("IDR", day) not in in_yen.rates
    assert in_yen.unrepresentable == 1


def test_a_plain_file_is_read_as_given():
    rate_file = read("date,currency,rate\n2026-11-01,usd,0.92\n2026-11-02,USD,0.925\n")

    assert rate_file.format == PLAIN
    assert [(r.line, r.date, r.currency, r.rate) for r in rate_file.rates] == [
        (2, datetime.date(2026, 11, 1), "USD", Decimal("0.92")),
        (3, datetime.date(2026, 11, 2), "USD", Decimal("0.925")),
    ]
    assert rates_for_group(rate_file, "EUR").rates == {
        ("USD", datetime.date(2026, 11, 1)): Decimal("0.92"),
        ("USD", datetime.date(2026, 11, 2)): Decimal("0.925"),
    }


def test_a_plain_rate_of_the_group_currency_is_refused_with_its_line():
    rate_file = read("date,currency,rate\n2026-11-01,USD,0.92\n2026-11-01,EUR,1\n")

    with pytest.raises(RateFileError, match="line 3: EUR is the group's own currency"):
        rates_for_group(rate_file, "EUR")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1: the file is empty"),
        ("Currency,Rate\nUSD,1\n", "line 1: expected a header"),
        ("Date,USD,US D,\n", "line 1: 'US D' is not a currency code"),
        ("Date,USD,USD,\n", "line 1: USD appears twice"),
        ("Date,CYP,\n", "line 1: no column names a current ISO 4217 currency"),
        (ECB_FILE + "2024-13-01,1.1,150,N/A,0.8,4.3,\n", "line 5: '2024-13-01' is not a date"),
        (ECB_FILE + "2024-02-01,abc,150,N/A,0.8,4.3,\n", "line 5: USD: 'abc' is not a number"),
        (ECB_FILE + "2024-02-01,-1,150,N/A,0.8,4.3,\n", "line 5: USD: A rate must be greater"),
        (ECB_FILE + "2024-02-01,0,150,N/A,0.8,4.3,\n", "line 5: USD: A rate must be greater"),
        (ECB_FILE + "2024-01-04,1.1,150,N/A,0.8,4.3,\n", "line 5: 2024-01-04 is already on line 3"),
        (ECB_FILE + "2024-02-01,1.1,150,N/A,0.8,4.3,,9\n", "line 5: 8 columns"),
        (ECB_FILE + "2024-02-01,1.12345678901,150,,,,\n", "line 5: USD: A rate cannot have more"),
        ("date,currency,rate\n2026-11-01,XYZ,1\n", "line 2: 'XYZ' is not a current ISO 4217"),
        ("date,currency,rate\n2026-11-01,USD\n", "line 2: expected date,currency,rate"),
        ("date,currency,rate\n2026-11-01,USD,NaN\n", "line 2: A rate must be a finite number"),
        (
            "date,currency,rate\n2026-11-01,USD,1\n\n2026-11-01,usd,2\n",
            "line 4: USD on 2026-11-01 is already on line 2",
        ),
    ],
)
def test_the_first_bad_line_refuses_the_file_with_its_number(text, message):
    with pytest.raises(RateFileError) as refused:
        read(text)

    assert str(refused.value).startswith(message), str(refused.value)


def test_blank_lines_and_missing_cells_are_not_errors():
    rate_file = read("\nDate,USD,JPY,\n2024-01-05,1.0921,\n\n2024-01-04,,158,\n")

    assert [day.per_euro for day in rate_file.days] == [
        {"USD": Decimal("1.0921")},
        {"JPY": Decimal("158")},
    ]
    assert [day.line for day in rate_file.days] == [3, 5]


quotes = st.integers(min_value=1, max_value=10**12).map(lambda units: Decimal(units).scaleb(-4))


@settings(deadline=None)
@given(st.dictionaries(st.sampled_from(["USD", "JPY", "GBP", "CHF", "PLN"]), quotes, min_size=1))
def test_ecb_rates_are_the_exact_cross_rates_rounded_half_up(per_euro):
    day = datetime.date(2024, 1, 5)
    rate_file = RateFile(format=ECB, days=[DayRates(line=2, date=day, per_euro=per_euro)])

    for group_currency in ["EUR", *per_euro]:
        result = rates_for_group(rate_file, group_currency)
        for currency in ["EUR", *per_euro]:
            if currency == group_currency:
                continue
            exact = cross_rate(
                per_euro, group_currency=group_currency, currency=currency, base="EUR"
            )
            rounded = round_rate(exact, 10)
            if 0 < rounded <= MAX_RATE:
                assert result.rates[currency, day] == rounded
            else:
                assert (currency, day) not in result.rates
