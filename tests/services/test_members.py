"""Adding members and members leaving: names, zero balances, rule 4."""

import pytest
from django.core.exceptions import ValidationError

from groups.services.managers import member_set_manager
from groups.services.members import member_add, member_deactivate
from tests.factories import (
    add_expense,
)

pytestmark = pytest.mark.django_db


def test_a_name_is_taken_once_per_group(group, kid):
    with pytest.raises(ValidationError) as error:
        member_add(group=group, name="Kid")

    assert "name" in error.value.message_dict
    assert group.members.filter(name="Kid").count() == 1


def test_a_member_leaves_only_with_a_zero_balance(group, ann, bob):
    add_expense(group, ann, [ann, bob], amount="10.00")

    with pytest.raises(ValidationError) as error:
        member_deactivate(member=bob, actor=bob)

    assert "balance" in error.value.message_dict
    bob.refresh_from_db()
    assert bob.is_active


def test_a_manager_who_leaves_releases_their_household(group, ann, bob, kid):
    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)

    member_deactivate(member=bob, actor=bob)

    kid.refresh_from_db()
    assert kid.managed_by is None
