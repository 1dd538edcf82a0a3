"""People that API tests beyond the root's ann, bob and kid need."""

import pytest

from tests.factories import GroupFactory, UserFactory, UserMemberFactory


@pytest.fixture
def carl(group):
    """Another registered non-admin member."""
    return UserMemberFactory(group=group, user=UserFactory(username="carl"))


@pytest.fixture
def eve():
    """A user with a group of her own, not a member of Trip."""
    return UserFactory(username="eve")


@pytest.fixture
def eves_group(eve):
    return GroupFactory(name="Eve's", created_by=eve)


@pytest.fixture
def body(ann, kid):
    """A valid expense: ann paid 90.00 for herself and Kid, split equally."""
    return {
        "description": "Dinner",
        "amount": "90.00",
        "paid_by": ann.pk,
        "split": "equal",
        "participants": [{"member": ann.pk}, {"member": kid.pk}],
    }
