"""The balances endpoint's read: the sheet, only for an active member of the group."""

import pytest
from django.contrib.auth.models import AnonymousUser

from groups.selectors.balances import group_balance_sheet, member_balance_sheet
from groups.services.members import member_deactivate
from tests.factories import add_expense

pytestmark = pytest.mark.django_db


def rows(sheet):
    return [(row.member.pk, row.balance, row.manager) for row in sheet.members]


def test_a_member_reads_the_sheet_that_group_balance_sheet_gives(group, ann, bob, kid):
    add_expense(group, ann, [ann, bob], amount="30.00")
    member_deactivate(member=kid, actor=ann)  # settled and gone: in the roster, not shown

    sheet = member_balance_sheet(bob.user, group.pk)

    assert (sheet.group.pk, sheet.group.currency) == (group.pk, "EUR")
    assert rows(sheet) == rows(group_balance_sheet(group))
    assert [row.member.pk for row in sheet.members] == [ann.pk, bob.pk]
    assert [m.pk for m in sheet.roster] == [ann.pk, bob.pk, kid.pk]


def test_no_sheet_for_an_anonymous_caller_though_guests_have_no_user_either(group, ann, kid):
    assert kid.user_id is None and kid.is_active

    assert member_balance_sheet(AnonymousUser(), group.pk) is None
    assert member_balance_sheet(ann.user, group.pk) is not None
