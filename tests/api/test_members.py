import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.models import GroupMember
from groups.services.managers import member_set_manager
from tests.api.paths import group_path
from tests.factories import (
    GroupFactory,
    GuestFactory,
    UserFactory,
    add_expense,
    member_name_taken_meanwhile,
)

pytestmark = pytest.mark.django_db


def test_list_shows_members_in_the_documented_shape(api, group, ann, bob, kid):
    response = api.get(group_path(group, "members"))

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": ann.pk,
            "name": "ann",
            "user": {"id": ann.user_id, "username": "ann"},
            "role": "admin",
            "active": True,
            "managed_by": None,
        },
        {
            "id": bob.pk,
            "name": "bob",
            "user": {"id": bob.user_id, "username": "bob"},
            "role": "member",
            "active": True,
            "managed_by": None,
        },
        {
            "id": kid.pk,
            "name": "Kid",
            "user": None,
            "role": "member",
            "active": True,
            "managed_by": None,
        },
    ]


def test_managed_by_names_the_stored_target_and_the_managers_member(api, group, ann, kid):
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    baby = GuestFactory(group=group, name="Baby")
    nanny = GuestFactory(group=group, name="Nanny")
    member_set_manager(member=baby, actor=ann, manager_id=nanny.pk)

    members = {m["id"]: m for m in api.get(group_path(group, "members")).json()["results"]}

    assert members[kid.pk]["managed_by"] == {
        "type": "user",
        "id": ann.user_id,
        "member": ann.pk,
        "name": "ann",
    }
    assert members[baby.pk]["managed_by"] == {
        "type": "member",
        "id": nanny.pk,
        "member": nanny.pk,
        "name": "Nanny",
    }
    assert api.get(group_path(group, "members", kid)).json()["managed_by"]["member"] == ann.pk


def test_list_resolves_managers_in_a_constant_number_of_queries(api, group, ann):
    def guests_managed_by_ann(count):
        for _ in range(count):
            guest = GuestFactory(group=group)
            member_set_manager(member=guest, actor=ann, manager_id=ann.pk)

    def queries_for_first_page():
        with CaptureQueriesContext(connection) as queries:
            assert api.get(group_path(group, "members")).status_code == 200
        return len(queries)

    guests_managed_by_ann(3)
    few = queries_for_first_page()
    guests_managed_by_ann(60)
    many = queries_for_first_page()

    assert few == many


def test_a_manager_on_another_page_is_still_resolved(api, group, ann):
    for _ in range(55):
        GuestFactory(group=group)
    last = GroupMember.objects.filter(group=group).last()
    member_set_manager(member=last, actor=ann, manager_id=ann.pk)

    page_two = api.get(group_path(group, "members"), {"page": 2}).json()["results"]

    assert page_two[-1]["managed_by"]["member"] == ann.pk


def test_any_member_adds_a_guest(api_as, group, bob):
    response = api_as(bob.user).post(group_path(group, "members"), {"name": "Zoe"}, format="json")

    assert response.status_code == 201
    zoe = GroupMember.objects.get(group=group, name="Zoe")
    assert response.json() == {
        "id": zoe.pk,
        "name": "Zoe",
        "user": None,
        "role": "member",
        "active": True,
        "managed_by": None,
    }


def test_add_a_registered_user_by_username(api, group, ann):
    carl = UserFactory(username="carl")

    response = api.post(group_path(group, "members"), {"username": "carl"}, format="json")

    assert response.status_code == 201
    assert response.json()["user"] == {"id": carl.pk, "username": "carl"}
    assert response.json()["name"] == "carl"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"username": "nobody"}, "username"),
        ({"username": "bob"}, "username"),  # already a member
        ({"username": "Kid"}, "username"),  # a guest already has that name
        ({"name": "Kid"}, "name"),  # name taken
        ({"name": "Zoe", "username": "carl"}, "name"),
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": ["Zoe"]}, "name"),
        ([{"name": "Zoe"}], "non_field_errors"),
        ("Zoe", "non_field_errors"),
    ],
)
def test_add_refuses_bad_input(api, group, ann, bob, kid, body, field):
    UserFactory(username="carl")
    UserFactory(username="Kid")
    before = GroupMember.objects.count()

    response = api.post(group_path(group, "members"), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert GroupMember.objects.count() == before


def test_admin_changes_a_role(api, group, ann, bob):
    response = api.patch(group_path(group, "members", bob), {"role": "admin"}, format="json")

    assert response.status_code == 200
    assert response.json()["role"] == "admin"


def test_a_member_renames_themself_but_not_others(api_as, group, bob, kid):
    client = api_as(bob.user)

    assert (
        client.patch(
            group_path(group, "members", bob), {"name": "Robert"}, format="json"
        ).status_code
        == 200
    )
    assert (
        client.patch(
            group_path(group, "members", kid), {"name": "Child"}, format="json"
        ).status_code
        == 403
    )
    assert (
        client.patch(group_path(group, "members", kid), {"name": ""}, format="json").status_code
        == 403
    )
    assert (
        client.patch(
            group_path(group, "members", bob), {"role": "admin"}, format="json"
        ).status_code
        == 403
    )
    bob.refresh_from_db()
    kid.refresh_from_db()
    assert (bob.name, bob.role, kid.name) == ("Robert", "member", "Kid")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "bob"}, "name"),
        ({"role": "owner"}, "role"),
        ({"active": "maybe"}, "active"),
        ({"active": 1}, "active"),
        ({"name": 7}, "name"),
        ({"active": False}, "active"),
        (["x"], "non_field_errors"),
    ],
)
def test_update_refuses_bad_input(api, group, ann, bob, kid, body, field):
    response = api.patch(group_path(group, "members", kid), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    kid.refresh_from_db()
    assert (kid.name, kid.role, kid.is_active) == ("Kid", "member", True)


def test_the_last_admin_cannot_step_down(api, group, ann):
    response = api.patch(group_path(group, "members", ann), {"role": "member"}, format="json")

    assert response.status_code == 400
    assert "role" in response.json()


def test_admin_removes_a_settled_member(api, group, ann, kid):
    response = api.delete(group_path(group, "members", kid))

    assert response.status_code == 204
    kid.refresh_from_db()
    assert not kid.is_active
    assert api.get(group_path(group, "members", kid)).json()["active"] is False


def test_a_member_with_a_balance_cannot_leave(api, group, ann, kid):
    add_expense(group, ann, [ann, kid])

    response = api.delete(group_path(group, "members", kid))

    assert response.status_code == 400
    assert "balance" in response.json()
    kid.refresh_from_db()
    assert kid.is_active


def test_only_admins_remove_others_but_anyone_may_leave(api_as, group, bob, kid):
    client = api_as(bob.user)

    assert client.delete(group_path(group, "members", kid)).status_code == 403
    assert client.delete(group_path(group, "members", bob)).status_code == 204
    kid.refresh_from_db()
    bob.refresh_from_db()
    assert (kid.is_active, bob.is_active) == (True, False)


def test_admin_reactivates_a_member(api, group, ann, kid):
    api.delete(group_path(group, "members", kid))

    response = api.patch(group_path(group, "members", kid), {"active": True}, format="json")

    assert response.status_code == 200
    assert response.json()["active"] is True


def test_rule_4_a_manager_who_leaves_releases_their_members(api_as, group, ann, bob, kid):
    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)

    assert api_as(bob.user).delete(group_path(group, "members", bob)).status_code == 204

    assert api_as(ann.user).get(group_path(group, "members", kid)).json()["managed_by"] is None


def test_rule_4_a_deleted_account_stays_a_guest_and_releases_its_members(api, group, ann, bob, kid):
    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)

    bob.user.delete()

    members = {m["id"]: m for m in api.get(group_path(group, "members")).json()["results"]}
    assert members[kid.pk]["managed_by"] is None
    assert members[bob.pk] == {
        "id": bob.pk,
        "name": "bob",
        "user": None,
        "role": "member",
        "active": True,
        "managed_by": None,
    }


@pytest.mark.parametrize("member_id", ["99999999999999999999", "9223372036854775808", "x1"])
def test_absurd_member_ids_are_404(api, group, member_id):
    base = f"/api/groups/{group.pk}/members/{member_id}/"
    assert api.get(base).status_code == 404
    assert api.delete(f"{base}manager/").status_code == 404


def test_a_member_of_another_group_is_404_here(api, group, ann):
    elsewhere = GroupFactory(created_by=ann.user)
    outsider = GuestFactory(group=elsewhere)

    assert api.get(group_path(group, "members", outsider)).status_code == 404


def test_losing_a_race_for_a_name_is_409_and_writes_nothing(api, group, ann):
    with member_name_taken_meanwhile("Zoe"):
        response = api.post(group_path(group, "members"), {"name": "Zoe"}, format="json")

    assert response.status_code == 409
    assert not GroupMember.objects.filter(name="Zoe").exists()
