"""Reading published exchange-rate files, and the rates they give a group.

Two formats, told apart by their header line:

- the ECB's historical reference rates (``eurofxref-hist.csv``): ``Date,USD,JPY,…`` and one
  line per day with how many units of each currency one euro buys; "N/A" (or nothing) where
  there is no rate, and a trailing empty column. Columns of codes that are no longer current
  ISO 4217 (the Cyprus pound, …) are ignored.
- a plain file ``date,currency,rate``: rates already in the group's currency (group-currency
  units for one unit of the currency), as the API takes them.

The whole file is read before anything is written: the first bad line refuses the file with
its line number.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from groups.domain.currencies import (
    MAX_RATE_UNITS,
    ONE,
    RATE_PLACES,
    CurrencyError,
    check_currency,
    currency_code,
    is_currency,
    parse_rate,
)

ECB = "ecb"
PLAIN = "plain"
ECB_BASE = "EUR"
MISSING = frozenset({"", "N/A", "NA", "-"})
PLAIN_HEADER = ("date", "currency", "rate")


class RateFileError(ValueError):
    """A file refused at ``line`` (1 is the header)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class DayRates:
    """One line of an ECB file: how many units of each currency one euro bought that day."""

    line: int
    date: datetime.date
    per_euro: dict[str, Decimal]


@dataclass(frozen=True)
class PlainRate:
    """One line of a plain file: group-currency units for one unit of ``currency``."""

    line: int
    date: datetime.date
    currency: str
    rate: Decimal


@dataclass
class RateFile:
    """A file read whole: its format, its lines, and the columns it ignored."""

    format: str
    days: list[DayRates] = field(default_factory=list)
    rates: list[PlainRate] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def lines(self) -> int:
        return len(self.days) + len(self.rates)


@dataclass
class GroupRates:
    """The rates one group gets from a file: {(currency, date): rate}, and what was skipped."""

    rates: dict[tuple[str, datetime.date], Decimal] = field(default_factory=dict)
    # Days on which the file has no rate for the group's own currency (ECB files only).
    days_without_group_currency: int = 0
    # Rates too small or too large to keep with 10 decimal places.
    unrepresentable: int = 0


def read_rate_file(lines: Iterable[str]) -> RateFile:
    """Read a whole ECB or plain rate file; RateFileError at the first bad line."""
    rows = enumerate(csv.reader(lines), start=1)
    for header_line, header in rows:  # noqa: B007 (the header's line number is used below)
        if any(cell.strip() for cell in header):
            break
    else:
        raise RateFileError(1, "the file is empty.")
    cells = [cell.strip() for cell in header]
    if [cell.lower() for cell in cells] == list(PLAIN_HEADER):
        return RateFile(format=PLAIN, rates=list(_plain_rows(rows)))
    if cells and cells[0].lower() == "date":
        return _ecb_file(header_line, cells, rows)
    raise RateFileError(
        header_line,
        "expected a header 'Date,USD,JPY,…' (ECB reference rates) or 'date,currency,rate'.",
    )


def rates_for_group(rate_file: RateFile, group_currency: str) -> GroupRates:
    """The rates ``rate_file`` gives a group whose currency is ``group_currency``.

    ECB rates become cross rates through the euro (see ``conversion.cross_rate``), computed
    exactly and rounded half-up to 10 decimal places; plain rates are taken as they are. A
    rate of the group's own currency is never stored (it is always 1).
    """
    result = GroupRates()
    if rate_file.format == PLAIN:
        for row in rate_file.rates:
            if row.currency == group_currency:
                raise RateFileError(row.line, f"{row.currency} is the group's own currency.")
            result.rates[row.currency, row.date] = row.rate
        return result
    scale = 10**RATE_PLACES
    for day in rate_file.days:
        if group_currency == ECB_BASE:
            group_n, group_d = 1, 1
        elif group_currency in day.per_euro:
            group_n, group_d = day.per_euro[group_currency].as_integer_ratio()
        else:
            result.days_without_group_currency += 1
            continue
        for currency, per_euro in ((ECB_BASE, ONE), *day.per_euro.items()):
            if currency == group_currency:
                continue
            # (group per euro) / (currency per euro), rounded half-up to 10 places, in whole
            # numbers: the same as cross_rate() and round_rate(), some twenty times faster
            # over the hundreds of thousands of rates of the ECB's historical file.
            currency_n, currency_d = per_euro.as_integer_ratio()
            numerator, denominator = group_n * currency_d, group_d * currency_n
            units = (2 * numerator * scale + denominator) // (2 * denominator)
            if not 0 < units <= MAX_RATE_UNITS:
                result.unrepresentable += 1
                continue
            result.rates[currency, day.date] = Decimal(units).scaleb(-RATE_PLACES)
    return result


def _ecb_file(header_line: int, cells: list[str], rows: Iterator) -> RateFile:
    columns: dict[int, str] = {}
    ignored = []
    for index, cell in enumerate(cells[1:], start=1):
        if not cell:
            continue  # the ECB's files end every line with a comma
        code = currency_code(cell)
        if len(code) != 3 or not code.isalpha():
            raise RateFileError(header_line, f"{cell!r} is not a currency code.")
        if code in columns.values():
            raise RateFileError(header_line, f"{code} appears twice.")
        if is_currency(code):
            columns[index] = code
        else:
            ignored.append(code)
    if not columns:
        raise RateFileError(header_line, "no column names a current ISO 4217 currency.")
    rate_file = RateFile(format=ECB, ignored_columns=ignored)
    seen: dict[datetime.date, int] = {}
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(cells) and any(cell.strip() for cell in row[len(cells) :]):
            raise RateFileError(number, f"{len(row)} columns, but the header has {len(cells)}.")
        date = _date(number, row[0], seen)
        per_euro = {}
        for index, code in columns.items():
            text = row[index].strip() if index < len(row) else ""
            if text.upper() in MISSING:
                continue
            per_euro[code] = _rate(number, text, code)
        rate_file.days.append(DayRates(line=number, date=date, per_euro=per_euro))
    return rate_file


def _plain_rows(rows: Iterator) -> Iterator[PlainRate]:
    seen: dict[tuple[str, datetime.date], int] = {}
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            raise RateFileError(number, f"expected date,currency,rate but found {len(row)} cells.")
        date = _date(number, row[0], None)
        try:
            currency = check_currency(row[1])
        except CurrencyError as error:
            raise RateFileError(number, error.message) from None
        key = (currency, date)
        if key in seen:
            raise RateFileError(number, f"{currency} on {date} is already on line {seen[key]}.")
        seen[key] = number
        yield PlainRate(line=number, date=date, currency=currency, rate=_rate(number, row[2], ""))


def _date(number: int, text: str, seen: dict | None) -> datetime.date:
    try:
        date = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise RateFileError(number, f"{text.strip()[:40]!r} is not a date (YYYY-MM-DD).") from None
    if seen is not None:
        if date in seen:
            raise RateFileError(number, f"{date} is already on line {seen[date]}.")
        seen[date] = number
    return date


def _rate(number: int, text: str, code: str) -> Decimal:
    try:
        return parse_rate(text.strip())
    except CurrencyError as error:
        where = f"{code}: " if code else ""
        raise RateFileError(number, f"{where}{error.message}") from None
