"""Model fields: money and exchange rates as integers (Decimal in Python), JSON kept as text."""

import json
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from groups.domain.currencies import rate_from_units, rate_to_units
from groups.domain.money import CENT, from_cents, to_cents

# The largest id a BigAutoField holds: ids from outside beyond it are refused, not overflowed.
MAX_ID = 2**63 - 1


class MoneyField(models.BigIntegerField):
    """Stores an amount as whole cents, so sums are exact integers on every database.

    SQLite keeps a DecimalField as a float and hands aggregates back as floats; integer cents
    avoid that entirely while Python code only ever sees ``Decimal("12.50")``.
    """

    description = "Money in cents, exposed as Decimal"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return from_cents(int(value))

    def to_python(self, value):
        if value is None or isinstance(value, Decimal):
            return value
        try:
            return Decimal(str(value)).quantize(CENT)
        except InvalidOperation:
            raise ValidationError("Enter a valid amount.", code="invalid") from None

    def get_prep_value(self, value):
        if value is None or hasattr(value, "resolve_expression"):
            return value
        return to_cents(self.to_python(value))

    def formfield(self, **kwargs):
        from django import forms

        kwargs.pop("form_class", None)
        return forms.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class RateField(models.BigIntegerField):
    """Stores an exchange rate exactly, as a whole number of 10^-10 units.

    SQLite would keep a DecimalField as a float, and 0.6666666667 as a float is not that
    number; an integer count of 10^-10 units is exact on every database.
    """

    description = "Exchange rate in 10^-10 units, exposed as Decimal"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return rate_from_units(int(value))

    def to_python(self, value):
        if value is None or isinstance(value, Decimal):
            return value
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValidationError("Enter a valid rate.", code="invalid") from None

    def get_prep_value(self, value):
        if value is None or hasattr(value, "resolve_expression"):
            return value
        try:
            return rate_to_units(self.to_python(value))
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None

    def formfield(self, **kwargs):
        from django import forms

        kwargs.pop("form_class", None)
        return forms.DecimalField(max_digits=18, decimal_places=10, **kwargs)


class JSONTextField(models.TextField):
    """A JSON value kept as text: the same column on every database.

    Django's JSONField makes SQLite prove it supports JSON during the system checks by opening
    a transaction, and with IMMEDIATE transactions that waits for any other writer's lock: a
    command started while the service writes could fail its checks. Nothing here queries
    inside the value, so text is enough.
    """

    description = "JSON, stored as text"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return json.loads(value)

    def get_prep_value(self, value):
        if value is None or hasattr(value, "resolve_expression"):
            return value
        return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True)

    def to_python(self, value):
        return value

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))
