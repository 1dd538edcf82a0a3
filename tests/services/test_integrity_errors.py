"""Only a unique constraint lost to a concurrent write is a 409; any other integrity error
is a rule the services failed to check, and must not pass for a race."""

import pytest
from django.db import IntegrityError, transaction

from groups.api.errors import api_exception_handler
from groups.errors import is_unique_violation
from groups.models import GroupMember, Share
from tests.factories import add_expense

pytestmark = pytest.mark.django_db


def integrity_error(write) -> IntegrityError:
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        write()
    return raised.value


def test_a_duplicate_name_is_a_unique_violation(group, kid):
    error = integrity_error(
        lambda: GroupMember.objects.bulk_create([GroupMember(group=group, name="Kid")])
    )

    assert is_unique_violation(error)
    assert api_exception_handler(error, {}).status_code == 409


def test_a_check_constraint_is_not(group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    error = integrity_error(
        lambda: Share.objects.bulk_create(
            [Share(expense=expense, group=group, member=kid, paid=0, owed=0)]
        )
    )

    assert not is_unique_violation(error)
    assert api_exception_handler(error, {}) is None  # DRF re-raises it: a 500, and a bug


def test_a_missing_value_is_not(group):
    error = integrity_error(
        lambda: GroupMember.objects.bulk_create([GroupMember(group=group, name=None)])
    )

    assert not is_unique_violation(error)


def test_an_error_without_a_database_cause_is_not():
    assert not is_unique_violation(IntegrityError("made up"))
