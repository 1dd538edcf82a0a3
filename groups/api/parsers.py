"""What the API reads bodies with: JSON with exact numbers (and forms for the auth views)."""

import codecs
from decimal import Decimal

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json


class DuplicateKey(ValueError):
    """A JSON object that names one key twice."""


def _object_once(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object as a dict, refusing a key given twice (which one would win is a guess)."""
    found = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKey(f"the key {key!r} is given twice in one object")
        found[key] = value
    return found


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with exact numbers, and a 400 (not 500) for JSON nested too deeply
    or an object with a key twice.

    JSON numbers with a fraction become Decimal, never float: 5.0000000000000001 must reach
    the money rules as written (and be refused), not rounded to 5.0 on the way.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.load(
                codecs.getreader(encoding)(stream),
                parse_float=Decimal,
                object_pairs_hook=_object_once,
            )
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None


# Group routes speak JSON only: their bodies nest (participants, payers), and a form's
# everything-is-text would blur the types the serializers check. The login-like auth endpoints
# also take forms, as DRF's token view always has.
PARSERS = [JSONParser]
AUTH_PARSERS = [JSONParser, parsers.FormParser, parsers.MultiPartParser]
