"""Fields that read JSON strictly: no number taken for text, no bool for a number."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from groups.domain import dates
from groups.domain.currencies import plain_rate
from groups.domain.money import PLAIN_DECIMAL, is_non_finite_text
from groups.fields import MAX_ID


class MemberIdField(serializers.IntegerField):
    """A member id: a JSON integer within the database's range, not a string, float or bool."""

    default_error_messages = {"not_integer": "A member id must be an integer."}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("not_integer")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """A JSON string; a number or a bool is refused rather than turned into text.

    Its length is checked as sent, before surrounding whitespace is trimmed, as the schema's
    maxLength promises.
    """

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false; 1, "yes" and the like are refused rather than guessed at."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "format": "decimal", "pattern": f"^{PLAIN_DECIMAL.pattern}$"},
            {"type": "number"},
        ],
        "description": 'Preferably a string, e.g. "12.50"; a JSON number is read as its text.',
        "example": "12.50",
    }
)
class DecimalInputField(serializers.Field):
    """A decimal in plain notation ("12.50", or a JSON number), kept exact as a Decimal.

    Only the notation is checked here; whether the value is a valid amount, part, percentage
    or weight is the service's business (it refuses NaN and Infinity with a clear reason).
    """

    default_error_messages = {
        "invalid": 'Enter a number in plain decimal notation, e.g. "12.50".',
        "max_length": "Enter a number of at most 40 characters.",
    }

    def to_internal_value(self, data):
        # JSON numbers arrive as int or Decimal (the API's JSON parser never makes floats).
        if isinstance(data, bool) or not isinstance(data, str | int | Decimal):
            self.fail("invalid")
        text = str(data)
        if len(text) > 40:
            self.fail("max_length")
        # As sent: "+5" and " 5 " are refused, not read as 5.
        if PLAIN_DECIMAL.fullmatch(text) or (text == text.strip() and is_non_finite_text(text)):
            return Decimal(text)
        self.fail("invalid")

    def to_representation(self, value):
        return str(value)


@extend_schema_field(
    {
        "type": "string",
        "format": "date",
        "pattern": dates.PATTERN,
        "description": f"YYYY-MM-DD, from {dates.EARLIEST} to {dates.LATEST}.",
    }
)
class ExpenseDateField(serializers.DateField):
    """An expense's date: ISO 8601, within the range groups.domain.dates allows."""

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        problem = dates.date_problem(parsed)
        if problem:
            raise serializers.ValidationError(problem)
        return parsed


def money():
    """A read-only amount, rendered as a string with two decimals ("12.50").

    No digit limit: a single amount is at most 9,999,999,999.99, but balances and transfers
    add amounts up and may have more digits.
    """
    return serializers.DecimalField(max_digits=None, decimal_places=2, read_only=True)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer; a string, float or bool is refused rather than converted."""

    default_error_messages = {"not_integer": "A whole number is required."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("not_integer")
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "type": "string",
        "format": "decimal",
        "readOnly": True,
        "example": "0.92",
        "description": "Group-currency units for one unit of the currency, without trailing "
        'zeros: "1", "0.92", "0.6666666667".',
    }
)
class RateOutputField(serializers.Field):
    """An exchange rate as read back: exact, without trailing zeros ("0.92", "1")."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return format(plain_rate(value), "f")
