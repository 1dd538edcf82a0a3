"""Service errors under the names each caller used for the fields at fault, and which
database errors are a lost race rather than a bug."""

from collections.abc import Mapping
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError

# SQLite's extended result codes for a UNIQUE or PRIMARY KEY constraint that failed.
SQLITE_UNIQUE_CODES = frozenset({2067, 1555})
# PostgreSQL's SQLSTATE for unique_violation.
POSTGRES_UNIQUE_STATE = "23505"


def is_unique_violation(error: IntegrityError) -> bool:
    """Whether ``error`` is a unique constraint that another write took first.

    That is a race the services' checks cannot close (two inserts of one name at the same
    moment) and is answered "409, try again". Every other integrity error (a check
    constraint, a foreign key, NOT NULL) means a rule was not validated first: a bug.
    """
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) is not None:
        return cause.sqlstate == POSTGRES_UNIQUE_STATE
    if getattr(cause, "sqlite_errorcode", None) is not None:
        return cause.sqlite_errorcode in SQLITE_UNIQUE_CODES
    return False


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
