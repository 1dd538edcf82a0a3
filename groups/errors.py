"""Service errors under the names each caller used for the fields at fault."""

from collections.abc import Mapping
from contextlib import contextmanager

from django.core.exceptions import ValidationError


def renamed(error: ValidationError, renames: Mapping[str, str]) -> ValidationError:
    """``error`` with its field names replaced as ``renames`` says (others unchanged)."""
    if not renames or not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {renames.get(name, name): errors for name, errors in error.error_dict.items()}
    )


@contextmanager
def errors_renamed(renames: Mapping[str, str]):
    """Re-raise a service's ValidationError with its fields renamed (see ``renamed``)."""
    try:
        yield
    except ValidationError as error:
        raise renamed(error, renames) from None
