"""Reading a file's text: UTF-8, CSV records with their line numbers, numbers and dates."""

import csv
import re
from collections.abc import Iterator
from datetime import date as Date
from decimal import Decimal, InvalidOperation

from groups.domain.currencies import currency_code, is_currency
from groups.interchange.errors import FileError

NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})([T ].*)?")
# What a spreadsheet may take for a formula at the start of a cell (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def decode(data: bytes) -> str:
    """The file's text: UTF-8, with or without a byte order mark; anything else is refused."""
    if not data.strip():
        raise FileError(1, "the file is empty.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileError(
            line,
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8.",
        ) from None
    if not text.strip():
        raise FileError(1, "the file is empty.")
    return text


def csv_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on; blank lines come as empty records."""
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            message = str(error)
            if "unexpected end of data" in message or "EOF" in message:
                message = "the file ends inside a quoted cell: it looks truncated"
            raise FileError(line, f"{message}.") from None
        yield line, record
        line = reader.line_num + 1


def number(value: object, line: int, what: str) -> Decimal:
    """A finite decimal number, from text or JSON, or a FileError naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise FileError(line, f"{what} {value!r} is not a number.")
    if isinstance(value, str):
        text = value.strip()
        if not NUMBER.fullmatch(text):
            raise FileError(line, f"{what} {value!r} is not a number.")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise FileError(line, f"{what} {value!r} is not a number.") from None
    result = Decimal(value)
    if not result.is_finite():
        raise FileError(line, f"{what} {value!r} is not a finite number.")
    return result


def day(value: object, line: int, what: str = "date") -> Date:
    """A date written YYYY-MM-DD, possibly followed by a time (which is dropped)."""
    match = ISO_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise FileError(line, f"{what} {value!r} is not a date (YYYY-MM-DD).")
    try:
        return Date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise FileError(line, f"{what} {value!r} is not a date.") from None


def currency(value: object, line: int) -> str:
    """An ISO 4217 code in its stored form, or a FileError."""
    if not isinstance(value, str) or not is_currency(currency_code(value)):
        raise FileError(line, f"{value!r} is not a currency code (ISO 4217, e.g. EUR).")
    return currency_code(value)


def text_cell(value: object, line: int, what: str) -> str:
    """A text value (JSON null reads as empty)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FileError(line, f"{what} must be text, not {value!r}.")
    if "\x00" in value:  # no database keeps it in text (PostgreSQL refuses it)
        raise FileError(line, f"{what} contains a NUL character.")
    return value


def unescape_formula(text: str) -> str:
    """Undo a spreadsheet-safe ``'`` prefix written before a formula-like cell."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def escape_formula(text: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with ``'``."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
