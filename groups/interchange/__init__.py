"""Moving a group between this service and others: files in, plain values, files out.

Pure Python (no Django, nothing of the project but ``groups.domain``): ``read`` turns the
bytes of a file in one of ``FORMATS`` into a ``Plan`` with every share in exact cents, or
raises ``FileError`` naming the line; ``writers`` turn a group into our JSON or CSV.
"""

from collections.abc import Callable
from decimal import Decimal

from groups.interchange import jsontext
from groups.interchange.errors import FileError
from groups.interchange.formats import (
    cospend,
    ihatemoney,
    spliit,
    splitwise_csv,
    splitwise_group,
)
from groups.interchange.model import GroupFile
from groups.interchange.plan import Plan
from groups.interchange.resolve import resolve
from groups.interchange.text import decode

# Every format an import reads, by the name a user gives.
FORMATS: dict[str, Callable[[str], GroupFile]] = {
    "splitwise-group": splitwise_group.read,
    "splitwise-csv": splitwise_csv.read,
    "ihatemoney-json": ihatemoney.read_json,
    "ihatemoney-csv": ihatemoney.read_csv,
    "spliit-json": spliit.read,
    "cospend-csv": cospend.read,
}


def read(
    data: bytes,
    format: str,
    *,
    name: str | None = None,
    default_name: str | None = None,
    rates: dict[str, Decimal] | None = None,
) -> Plan:
    """The import of the file ``data`` in ``format``, ready to write; or a FileError.

    The group is called ``name``, else what the file calls it, else ``default_name``.
    """
    if format not in FORMATS:
        raise ValueError(f"Unknown format {format!r}; use one of: {', '.join(FORMATS)}.")
    text = decode(data)
    try:
        file = FORMATS[format](text)
        file.name = file.name or default_name
        return resolve(file, name=name, rates=rates)
    except FileError as error:
        if error.where is None:
            raise
        raise jsontext.locate(text, jsontext.At(error.where, error.message)) from None


__all__ = ["FORMATS", "FileError", "Plan", "read"]
