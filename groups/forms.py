"""What the web pages' and the admin's forms share: currency codes, and showing a service's
refusal on the field it names."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from groups.domain.currencies import CurrencyError, check_currency
from groups.errors import is_unique_violation

# Service error keys that name a differently called form field (None: a non-field error).
SERVICE_FIELDS = {
    "username": "user",
    "active": "is_active",
    "balance": "is_active",
    "member": None,
    "payers": "paid_by",
}


class CurrencyField(forms.CharField):
    """A current ISO 4217 code, read in any case ("eur" is EUR); "XYZ" is refused."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("min_length", 3)
        kwargs.setdefault("initial", "EUR")
        kwargs.setdefault("help_text", "An ISO 4217 code, e.g. EUR, USD, GBP.")
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return check_currency(value)
        except CurrencyError as error:
            raise forms.ValidationError(error.message, code="invalid") from None


def add_service_error(
    form: forms.BaseForm, error: ValidationError | PermissionDenied | IntegrityError
) -> None:
    """Show a service's refusal on the form field it names (or above the form)."""
    if isinstance(error, IntegrityError):
        if not is_unique_violation(error):
            raise error  # a rule not validated first: a bug, not the user's to fix
        form.add_error(None, "This changed at the same time elsewhere; reload and try again.")
        return
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or "You may not do this.")
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, messages in error.message_dict.items():
        field = key if key in form.fields else SERVICE_FIELDS.get(key)
        form.add_error(field if field in form.fields else None, messages)
