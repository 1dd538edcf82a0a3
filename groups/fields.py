"""A model field for money: integer cents in the database, Decimal in Python."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models

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
