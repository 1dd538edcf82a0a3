"""Adding members, roles, and leaving or removing someone (zero balance only)."""

import pytest

from groups.models import GroupMember
from tests.factories import UserFactory, add_expense, member_name_taken_meanwhile
from tests.web.conftest import text, url

pytestmark = pytest.mark.django_db


def test_adding_a_guest_and_a_registered_user(as_ann, group, ann):
    UserFactory(username="carol")
    assert as_ann.post(url("members", group), {"name": "Maya"})["Location"] == url("members", group)
    as_ann.post(url("members", group), {"username": "carol"})
    assert [(m.name, m.is_guest) for m in group.members.all()] == [
        ("ann", False),
        ("Maya", True),
        ("carol", False),
    ]


def test_adding_an_unknown_user_or_a_taken_name_shows_the_reason(as_ann, group, ann, kid):
    response = as_ann.post(url("members", group), {"username": "nobody"})
    assert "Cannot add that user" in str(response.context["form"].errors["username"])

    response = as_ann.post(url("members", group), {"name": "Kid"})
    assert response.status_code == 200
    assert "already exists" in str(response.context["form"].errors["name"])
    assert 'value="Kid"' in text(response)
    assert group.members.count() == 2


def test_losing_a_race_for_a_name_shows_an_error_and_writes_nothing(as_ann, group, ann):
    with member_name_taken_meanwhile("Zoe"):
        response = as_ann.post(url("members", group), {"name": "Zoe"})
    assert response.status_code == 200
    assert "reload and try again" in text(response)
    assert not GroupMember.objects.filter(name="Zoe").exists()


def test_an_admin_changes_roles(as_ann, group, ann, bob):
    as_ann.post(url("member-role", group, bob), {"role": "admin"})
    bob.refresh_from_db()
    assert bob.is_admin


def test_the_last_admin_cannot_step_down_and_is_told_why(as_ann, group, ann):
    as_ann.post(url("member-role", group, ann), {"role": "member"})
    page = as_ann.get(url("members", group))
    assert "needs at least one active admin" in text(page)
    ann.refresh_from_db()
    assert ann.is_admin


def test_a_member_sees_no_role_forms_and_is_refused(login, group, ann, bob):
    as_bob = login(bob.user)
    rows = as_bob.get(url("members", group)).context["rows"]
    assert all(row["role_form"] is None for row in rows)
    as_bob.post(url("member-role", group, bob), {"role": "admin"})
    bob.refresh_from_db()
    assert not bob.is_admin


def test_removing_a_member_asks_first_then_deactivates(as_ann, group, ann, kid):
    page = as_ann.get(url("member-remove", group, kid))
    assert "Remove Kid from Trip?" in text(page)
    kid.refresh_from_db()
    assert kid.is_active

    assert as_ann.post(url("member-remove", group, kid)).status_code == 302
    kid.refresh_from_db()
    assert not kid.is_active


def test_someone_with_a_balance_cannot_leave_and_is_told_why(login, group, ann, bob):
    add_expense(group, ann, [ann, bob], amount="10.00")
    as_bob = login(bob.user)
    assert "balance of -5.00" in text(as_bob.get(url("member-remove", group, bob)))
    response = as_bob.post(url("member-remove", group, bob))
    assert response.status_code == 400 and "settle it before leaving" in text(response)
    bob.refresh_from_db()
    assert bob.is_active


def test_leaving_goes_back_to_my_groups(login, group, ann, bob):
    response = login(bob.user).post(url("member-remove", group, bob))
    assert response["Location"] == url("group-list")


def test_a_member_may_not_remove_someone_else(login, group, ann, bob, kid):
    response = login(bob.user).post(url("member-remove", group, kid))
    assert response.status_code == 403
    kid.refresh_from_db()
    assert kid.is_active
