"""Reads compiled once: the same rows as the ORM's, converted as it converts them."""

import pytest
from django.contrib.auth.models import User
from django.db.models import Q
from rest_framework.authtoken.models import Token

from groups.models import GroupMember
from groups.selectors.accounts import token_with_user
from groups.selectors.balances import ROSTER_COLUMNS, _roster_rows
from groups.selectors.prepared import PreparedRows
from tests.factories import GroupFactory, GuestFactory, UserFactory, add_expense, admin_of

pytestmark = pytest.mark.django_db


def roster_query(group_id):
    return GroupMember.objects.filter(group_id=group_id).values_list(
        *ROSTER_COLUMNS, "group__currency"
    )


def test_rows_are_the_orms_for_every_value_compiled_once(group, ann):
    other = GroupFactory(currency="JPY")
    kid = GuestFactory(group=group, name="Kid")
    add_expense(group, ann, [ann, kid], amount="10.01")
    add_expense(other, admin_of(other), [admin_of(other)], amount="300")
    builds = []
    rows = PreparedRows(lambda value: builds.append(value) or roster_query(value), marker=-1)

    for group_id in (group.pk, other.pk, group.pk, 0):
        assert rows(group_id) == list(roster_query(group_id))

    assert builds == [-1]
    totals = rows(group.pk)[0][-3:-1]
    assert totals == (ann_paid := GroupMember.objects.get(pk=ann.pk).total_paid, ann_paid - 5)
    assert all(type(value).__name__ == "Decimal" for value in totals)  # from cents
    assert all(row[ROSTER_COLUMNS.index("is_active")] is True for row in rows(group.pk))


def test_the_marker_must_be_exactly_one_parameter():
    twice = PreparedRows(
        lambda value: GroupMember.objects.filter(Q(group_id=value) | Q(user_id=value)).values_list(
            "pk"
        ),
        marker=-1,
    )
    never = PreparedRows(lambda value: GroupMember.objects.values_list("pk"), marker=-1)

    for rows in (twice, never):
        with pytest.raises(ValueError, match="exactly one parameter"):
            rows(1)


def test_the_roster_read_is_the_members_in_order(group, ann, bob):
    assert [row[0] for row in _roster_rows(group.pk)] == [ann.pk, bob.pk]
    assert {row[-1] for row in _roster_rows(group.pk)} == {group.currency}


def test_a_token_comes_with_its_whole_user():
    user = UserFactory(username="dora", email="dora@example.org", first_name="Dora")
    key = Token.objects.create(user=user).key

    token = token_with_user(key)

    assert (token.pk, token.user_id) == (key, user.pk)
    stored = User.objects.get(pk=user.pk)
    assert {f.attname: getattr(token.user, f.attname) for f in User._meta.concrete_fields} == {
        f.attname: getattr(stored, f.attname) for f in User._meta.concrete_fields
    }
    assert token.user.get_deferred_fields() == set()


@pytest.mark.parametrize("key", ["no-such-token", "", "a\0b", "x" * 500])
def test_no_token_for_a_key_nobody_holds(key):
    UserFactory()
    assert token_with_user(key) is None
