"""A write handed an instance that was deleted meanwhile answers 404 and writes nothing.

The API and the web pages load the row a request names before the write's transaction starts;
another request may delete it in between. Each service reloads and locks the row inside its
own transaction, so it never re-inserts what was deleted (a plain ``save()`` of an instance
whose row is gone does an INSERT) and never half-applies to a row that is gone. These tests
interleave the two requests deterministically: the stale instance is loaded, the row is
deleted, then the service is called with the stale instance.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from groups.models import Expense, Group, GroupMember, Share
from groups.services.expenses import Participant, Payer, expense_delete, expense_update
from groups.services.groups import group_delete, group_update
from groups.services.managers import member_clear_manager, member_set_manager
from groups.services.members import member_add, member_deactivate, member_update
from tests.factories import add_expense

pytestmark = pytest.mark.django_db


@pytest.fixture
def expense(group, ann, kid):
    return add_expense(group, ann, [ann, kid], amount="10.00")


def stale(instance):
    """A copy of ``instance`` as a request loaded it, before someone else deletes the row."""
    return type(instance).objects.get(pk=instance.pk)


def assert_still_in_the_trash(expense):
    """Deleted means moved to the trash: the row and its shares stay there, unchanged."""
    stored = Expense.objects.get(pk=expense.pk)
    assert stored.deleted_at is not None
    assert (stored.description, stored.amount) == (expense.description, expense.amount)
    shares = Share.objects.filter(expense_id=expense.pk)
    assert sorted(shares.values_list("member_id", "paid", "owed")) == sorted(
        expense.shares.values_list("member_id", "paid", "owed")
    )
    assert all(share.in_trash for share in shares)


def test_editing_a_deleted_expense_does_not_bring_it_back(expense, ann):
    loaded = stale(expense)
    expense_delete(expense=expense)

    with pytest.raises(Http404):
        expense_update(expense=loaded, description="Renamed")

    assert_still_in_the_trash(expense)


def test_changing_the_money_of_a_deleted_expense_does_not_bring_it_back(expense, ann, kid):
    loaded = stale(expense)
    expense_delete(expense=expense)

    with pytest.raises(Http404):
        expense_update(
            expense=loaded,
            amount="20.00",
            split="equal",
            participants=[Participant(ann.pk), Participant(kid.pk)],
            payers=[Payer(ann.pk, Decimal("20.00"))],
        )

    assert_still_in_the_trash(expense)


def test_deleting_an_expense_twice_is_404_the_second_time(expense):
    loaded = stale(expense)
    expense_delete(expense=expense)

    with pytest.raises(Http404):
        expense_delete(expense=loaded)


def test_renaming_a_deleted_group_leaves_no_orphan(group, ann):
    loaded, actor = stale(group), stale(ann)
    group_delete(group=group, actor=ann)

    with pytest.raises(Http404):
        group_update(group=loaded, actor=actor, name="Renamed")

    assert not Group.objects.exists()


def test_deleting_a_group_twice_is_404_the_second_time(group, ann):
    loaded, actor = stale(group), stale(ann)
    group_delete(group=group, actor=ann)

    with pytest.raises(Http404):
        group_delete(group=loaded, actor=actor)


@pytest.mark.parametrize(
    "write",
    [
        lambda group, ann, kid: member_add(group=group, name="Zoe"),
        lambda group, ann, kid: member_update(member=kid, actor=ann, name="Child"),
        lambda group, ann, kid: member_deactivate(member=kid, actor=ann),
        lambda group, ann, kid: member_set_manager(member=kid, actor=ann, manager_id=ann.pk),
        lambda group, ann, kid: member_clear_manager(member=kid, actor=ann),
    ],
    ids=["add", "update", "deactivate", "set manager", "clear manager"],
)
def test_member_writes_in_a_deleted_group_are_404(group, ann, kid, write):
    loaded_group, loaded_ann, loaded_kid = stale(group), stale(ann), stale(kid)
    group_delete(group=group, actor=ann)

    with pytest.raises(Http404):
        write(loaded_group, loaded_ann, loaded_kid)

    assert not Group.objects.exists()
    assert not GroupMember.objects.exists()


def test_an_admin_demoted_meanwhile_may_no_longer_rename_the_group(group, ann, bob):
    member_update(member=bob, actor=ann, role="admin")
    loaded_ann = stale(ann)
    member_update(member=ann, actor=bob, role="member")

    with pytest.raises(PermissionDenied):
        group_update(group=group, actor=loaded_ann, name="Renamed")

    group.refresh_from_db()
    assert group.name == "Trip"
