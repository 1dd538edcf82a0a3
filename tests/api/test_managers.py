"""PUT/DELETE groups/{id}/members/{id}/manager/: the member-management rules over HTTP."""

import pytest

from groups.models import GroupMember, Share
from groups.references import resolve_managers
from groups.services.managers import member_set_manager
from groups.services.members import member_deactivate
from tests.api.paths import manager_path
from tests.factories import GroupFactory, GuestFactory, add_expense

pytestmark = pytest.mark.django_db


def managers(group):
    """Every member's (managed_by_type, managed_by_id), to prove a refusal wrote nothing."""
    return list(
        GroupMember.objects.filter(group=group).values_list("managed_by_type", "managed_by_id")
    )


def set_manager(member, manager, actor):
    member_set_manager(member=member, actor=actor, manager_id=manager.pk)


# --- admins ------------------------------------------------------------------------------------


def test_admin_sets_a_manager(api, group, ann, kid):
    response = api.put(manager_path(group, kid), {"manager": ann.pk}, format="json")

    assert response.status_code == 200
    assert response.json()["id"] == kid.pk
    assert response.json()["managed_by"] == {
        "type": "user",
        "id": ann.user_id,
        "member": ann.pk,
        "name": "ann",
    }
    kid.refresh_from_db()
    assert kid.managed_by == ann.user


def test_admin_makes_a_guest_head_a_household(api, group, ann, kid):
    baby = GuestFactory(group=group, name="Baby")

    response = api.put(manager_path(group, baby), {"manager": kid.pk}, format="json")

    assert response.status_code == 200
    assert response.json()["managed_by"] == {
        "type": "member",
        "id": kid.pk,
        "member": kid.pk,
        "name": "Kid",
    }


def test_admin_manages_a_registered_member_and_clears_it(api, group, ann, bob, carl):
    assert api.put(manager_path(group, carl), {"manager": bob.pk}, format="json").status_code == 200

    response = api.delete(manager_path(group, carl))

    assert response.status_code == 204
    carl.refresh_from_db()
    assert carl.managed_by_id is None


def test_clearing_an_unmanaged_member_is_204(api, group, ann, kid):
    response = api.delete(manager_path(group, kid))

    assert response.status_code == 204
    assert api.get(f"/api/groups/{group.pk}/members/{kid.pk}/").json()["managed_by"] is None


def test_admin_moves_a_member_to_another_manager(api, group, ann, bob, kid):
    set_manager(kid, ann, ann)

    response = api.put(manager_path(group, kid), {"manager": bob.pk}, format="json")

    assert response.status_code == 200
    assert response.json()["managed_by"]["member"] == bob.pk


# --- rule 3: registered non-admin members -----------------------------------------------------


# Who is managed beforehand, who asks, what and on whom (PUT naming a manager, or DELETE), and
# then the answer and who manages the target afterwards.
RULE_3_CASES = [
    pytest.param({}, "bob", "kid", "bob", 200, "bob", id="claims an unmanaged guest"),
    pytest.param({"kid": "ann"}, "bob", "kid", "bob", 403, "ann", id="not a managed guest"),
    pytest.param({}, "bob", "carl", "bob", 403, None, id="not a registered member"),
    pytest.param({}, "bob", "kid", "carl", 403, None, id="not for someone else"),
    pytest.param({}, "bob", "baby", "kid", 403, None, id="not under a guest"),
    pytest.param({"kid": "bob"}, "bob", "kid", "DELETE", 204, None, id="releases their member"),
    pytest.param({"carl": "bob"}, "carl", "carl", "DELETE", 204, None, id="leaves their manager"),
    pytest.param({"kid": "ann"}, "bob", "kid", "DELETE", 403, "ann", id="not another's member"),
    pytest.param({"carl": "ann"}, "bob", "carl", "DELETE", 403, "ann", id="not another's user"),
    pytest.param({}, "bob", "kid", "DELETE", 403, None, id="not an unmanaged stranger"),
]


@pytest.mark.parametrize("managed, actor, target, manager, status, after", RULE_3_CASES)
def test_rule_3_for_registered_members(
    api_as, group, ann, bob, carl, kid, managed, actor, target, manager, status, after
):
    people = {"ann": ann, "bob": bob, "carl": carl, "kid": kid}
    people["baby"] = GuestFactory(group=group, name="Baby")
    for member, its_manager in managed.items():
        set_manager(people[member], people[its_manager], ann)
    client, path = api_as(people[actor].user), manager_path(group, people[target])

    if manager == "DELETE":
        response = client.delete(path)
    else:
        response = client.put(path, {"manager": people[manager].pk}, format="json")

    assert response.status_code == status
    people[target].refresh_from_db()
    expected = people[after] if after else None
    assert resolve_managers(list(group.members.all())).get(people[target].pk) == expected


@pytest.mark.parametrize(
    "body, content_type",
    [
        ("garbage", "application/json"),
        ("[1, 2]", "application/json"),
        ('{"manager": "x"}', "application/json"),
        ("{not json", "application/json"),
        ("", "application/json"),
        ("manager=abc", "application/x-www-form-urlencoded"),
    ],
)
def test_permission_is_checked_before_the_body(api_as, group, bob, carl, body, content_type):
    response = api_as(bob.user).put(manager_path(group, carl), body, content_type=content_type)

    assert response.status_code == 403


# --- rules 1 and 2, and the body's shape (as an admin, so only the body is at fault) -------------


@pytest.mark.parametrize(
    "value",
    ["1", 1.5, True, None, [1], {"id": 1}, 0, -1, 2**63, 10**30],
    ids=["string", "float", "bool", "null", "list", "object", "zero", "negative", "2**63", "huge"],
)
def test_manager_must_be_a_member_id(api, group, ann, kid, value):
    before = managers(group)

    response = api.put(manager_path(group, kid), {"manager": value}, format="json")

    assert response.status_code == 400
    assert "manager" in response.json()
    assert managers(group) == before


def test_manager_is_required(api, group, ann, kid):
    response = api.put(manager_path(group, kid), {}, format="json")

    assert response.status_code == 400
    assert "manager" in response.json()


@pytest.mark.parametrize(
    "body",
    ["[1, 2]", '"ann"', "42", "null", "true"],
    ids=["list", "string", "number", "null", "bool"],
)
def test_body_must_be_an_object(api, group, ann, kid, body):
    before = managers(group)

    response = api.put(manager_path(group, kid), body, content_type="application/json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert managers(group) == before


def test_malformed_json_is_400(api, group, ann, kid):
    response = api.put(manager_path(group, kid), "{not json", content_type="application/json")

    assert response.status_code == 400


def test_nobody_manages_themself(api, group, ann, kid):
    response = api.put(manager_path(group, kid), {"manager": kid.pk}, format="json")

    assert response.status_code == 400
    assert "manager" in response.json()
    kid.refresh_from_db()
    assert kid.managed_by_id is None


def test_a_managed_member_cannot_manage(api, group, ann, bob, kid):
    set_manager(kid, bob, ann)
    baby = GuestFactory(group=group, name="Baby")
    before = managers(group)

    response = api.put(manager_path(group, baby), {"manager": kid.pk}, format="json")

    assert response.status_code == 400
    assert "manager" in response.json()
    assert managers(group) == before


def test_a_manager_cannot_be_managed(api, group, ann, bob, kid):
    set_manager(kid, bob, ann)
    before = managers(group)

    response = api.put(manager_path(group, bob), {"manager": ann.pk}, format="json")

    assert response.status_code == 400
    assert "manager" in response.json()
    assert managers(group) == before


def test_no_cycles(api, group, ann, bob, kid):
    set_manager(kid, bob, ann)

    response = api.put(manager_path(group, bob), {"manager": kid.pk}, format="json")

    assert response.status_code == 400
    bob.refresh_from_db()
    assert bob.managed_by_id is None


def test_manager_from_another_group_is_refused(api, group, ann, kid):
    elsewhere = GroupFactory(created_by=ann.user)
    stranger = GuestFactory(group=elsewhere, name="Stranger")

    response = api.put(manager_path(group, kid), {"manager": stranger.pk}, format="json")

    assert response.status_code == 400
    assert "manager" in response.json()
    kid.refresh_from_db()
    assert kid.managed_by_id is None


def test_unknown_manager_is_refused(api, group, ann, kid):
    response = api.put(manager_path(group, kid), {"manager": 987654321}, format="json")

    assert response.status_code == 400
    assert "manager" in response.json()


def test_an_inactive_member_cannot_manage(api, group, ann, bob, kid):
    member_deactivate(member=bob, actor=ann)

    response = api.put(manager_path(group, kid), {"manager": bob.pk}, format="json")

    assert response.status_code == 400
    assert "manager" in response.json()
    kid.refresh_from_db()
    assert kid.managed_by_id is None


def test_an_inactive_member_cannot_be_managed(api, group, ann, kid):
    member_deactivate(member=kid, actor=ann)

    response = api.put(manager_path(group, kid), {"manager": ann.pk}, format="json")

    assert response.status_code == 400
    assert "member" in response.json()
    kid.refresh_from_db()
    assert kid.managed_by_id is None


# --- rule 5 ------------------------------------------------------------------------------------


def test_management_never_touches_expenses_or_shares(api, group, ann, bob, kid):
    add_expense(group, ann, [ann, bob, kid], amount="90.00")
    add_expense(group, kid, [bob, kid], amount="10.01")

    def shares():
        return list(
            Share.objects.order_by("pk").values_list(
                "pk", "expense_id", "member_id", "paid", "owed"
            )
        )

    before = shares()

    assert api.put(manager_path(group, kid), {"manager": ann.pk}, format="json").status_code == 200
    assert shares() == before
    assert api.delete(manager_path(group, kid)).status_code == 204
    assert shares() == before
