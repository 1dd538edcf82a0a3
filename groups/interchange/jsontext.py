"""Reading JSON files exactly (numbers as Decimal), and finding the line of any part of one.

Python's fast JSON parser does not say where an object starts. Files are read with it, and
only when something in them is refused is the text parsed again, slowly, by a decoder that
notes the line of every object, to name the line of the part at fault.
"""

import json
from bisect import bisect_right
from decimal import Decimal
from json.decoder import JSONObject
from json.scanner import py_make_scanner

from groups.interchange.errors import FileError
from groups.interchange.formats.sniff import not_this


class At(ValueError):
    """A refused part of a JSON document, named by its path (keys and indexes)."""

    def __init__(self, path: tuple, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def load(text: str, expected: str) -> object:
    """The document, with every number with a fraction as a Decimal.

    ``expected`` names the format (as in "a Spliit JSON export"), for a file that is no JSON.
    """
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        if error.pos == 0 or text.lstrip()[:1] not in "[{":
            message = not_this(expected, text)
        elif error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated"):
            # Where the file ends, not where the unfinished string or object began.
            end = text.rstrip()
            raise FileError(
                end.count("\n") + 1, "the file ends too early: it looks truncated."
            ) from None
        else:
            message = f"this is not valid JSON ({error.msg}, column {error.colno})."
        raise FileError(error.lineno, message) from None
    except RecursionError:
        raise FileError(1, "the JSON is nested too deeply.") from None


def locate(text: str, error: At) -> FileError:
    """``error`` as a FileError naming the line where the part it names starts."""
    node, line = _LineDecoder(text).decode(text), 1
    for step in error.path:
        line = getattr(node, "line", line)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    line = getattr(node, "line", line)
    return FileError(line, error.message)


class _LineDict(dict):
    line = 1


class _LineDecoder(json.JSONDecoder):
    """A JSON decoder whose objects know the line they start on."""

    def __init__(self, text: str) -> None:
        super().__init__(parse_float=Decimal)
        newlines = [index for index, char in enumerate(text) if char == "\n"]

        def parse_object(s_and_end, *args):
            value, end = JSONObject(s_and_end, *args)
            located = _LineDict(value)
            located.line = bisect_right(newlines, s_and_end[1] - 1) + 1
            return located, end

        self.parse_object = parse_object
        self.scan_once = py_make_scanner(self)
