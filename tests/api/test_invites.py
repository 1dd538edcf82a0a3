"""Invite links: admins make and disable them; anyone signed in joins, or claims a guest."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from groups.models import Activity, GroupMember, InviteLink, Share
from groups.services.managers import member_set_manager
from groups.services.members import member_deactivate
from groups.services.payments import payment_create
from tests.api.paths import group_path, manager_path
from tests.factories import GroupFactory, GuestFactory, UserFactory, add_expense

pytestmark = pytest.mark.django_db


def invite_path(token: str, *parts: str) -> str:
    return f"/api/invites/{token}/" + "".join(f"{part}/" for part in parts)


@pytest.fixture
def token(api, group):
    return api.post(group_path(group, "invite")).json()["token"]


@pytest.fixture
def eve(api_as):
    return api_as(UserFactory(username="eve"))


def snapshot():
    """Members and shares as plain values, to prove a refused join wrote nothing."""
    return (
        list(GroupMember.objects.order_by("pk").values_list()),
        list(Share.objects.order_by("pk").values_list()),
        Activity.objects.count(),
    )


# --- making and disabling a link ---------------------------------------------------------------


def test_an_admin_makes_a_link_with_an_unguessable_token(api, group):
    response = api.post(group_path(group, "invite"))

    assert response.status_code == 201
    body = response.json()
    assert len(body["token"]) >= 43  # 256 bits in URL-safe base64
    assert body == {"token": body["token"], "url": f"http://testserver/join/{body['token']}/"}
    assert api.get(group_path(group, "invite")).json() == body


def test_a_new_link_disables_the_old_one(api, eve, group, token):
    renewed = api.post(group_path(group, "invite")).json()["token"]

    assert renewed != token
    assert eve.get(invite_path(token)).status_code == 404
    assert eve.post(invite_path(token, "join"), {}, format="json").status_code == 404
    assert eve.get(invite_path(renewed)).status_code == 200
    assert InviteLink.objects.active().count() == 1


def test_disabling_the_link(api, eve, group, token):
    assert api.delete(group_path(group, "invite")).status_code == 204

    assert eve.get(invite_path(token)).status_code == 404
    assert eve.post(invite_path(token, "join"), {}, format="json").status_code == 404
    assert api.get(group_path(group, "invite")).status_code == 404
    assert api.delete(group_path(group, "invite")).status_code == 204  # nothing to disable
    assert not GroupMember.objects.filter(user__username="eve").exists()


def test_only_admins_handle_the_link(api_as, eve, group, bob, token):
    member = api_as(bob.user)

    for method in ("get", "post", "delete"):
        assert getattr(member, method)(group_path(group, "invite")).status_code == 403
        assert getattr(eve, method)(group_path(group, "invite")).status_code == 404
    assert member.get(invite_path(token)).status_code == 200  # the link itself still works
    assert InviteLink.objects.get().token == token


@pytest.mark.parametrize("token", ["unknown", "x" * 43, "a" * 64])
def test_an_unknown_token_is_not_found(eve, token):
    assert eve.get(invite_path(token)).status_code == 404
    assert eve.post(invite_path(token, "join"), {}, format="json").status_code == 404


def test_a_token_needs_a_signed_in_caller(group, token):
    anonymous = APIClient()

    assert anonymous.get(invite_path(token)).status_code == 401
    assert anonymous.post(invite_path(token, "join"), {}, format="json").status_code == 401


# --- what a link shows, and joining ------------------------------------------------------------


def test_a_link_shows_the_group_and_the_guests_one_may_claim(
    api_as, eve, group, ann, bob, kid, token
):
    GuestFactory(group=group, name="Away", is_active=False)
    nan = GuestFactory(group=group, name="Nan")

    body = eve.get(invite_path(token)).json()

    assert body == {
        "group": {"id": group.pk, "name": "Trip"},
        "guests": [{"id": kid.pk, "name": "Kid"}, {"id": nan.pk, "name": "Nan"}],
        "member": None,
    }
    assert api_as(bob.user).get(invite_path(token)).json()["member"] == bob.pk


def test_joining_makes_a_new_member(eve, group, token):
    response = eve.post(invite_path(token, "join"), {}, format="json")

    assert response.status_code == 201
    member = GroupMember.objects.get(user__username="eve")
    assert response.json() == {
        "id": member.pk,
        "name": "eve",
        "user": {"id": member.user_id, "username": "eve"},
        "role": "member",
        "active": True,
        "managed_by": None,
    }
    assert eve.get(group_path(group)).status_code == 200
    assert Activity.objects.filter(group=group).first().summary == (
        "eve joined through the invite link"
    )


def test_joining_when_already_a_member_is_200_with_the_membership(api_as, bob, token):
    response = api_as(bob.user).post(invite_path(token, "join"), {}, format="json")

    assert response.status_code == 200
    assert response.json()["id"] == bob.pk


def test_who_left_comes_back_in_the_same_membership(api, api_as, group, ann, bob, token):
    add_expense(group, ann, [ann, bob], amount="10.00")
    payment_create(
        group=group, created_by=None, from_member_id=bob.pk, to_member_id=ann.pk, amount="5.00"
    )
    member_deactivate(member=bob, actor=bob)
    shares = list(Share.objects.filter(member=bob).values_list())

    response = api_as(bob.user).post(invite_path(token, "join"), {}, format="json")

    assert response.status_code == 201
    assert response.json()["id"] == bob.pk and response.json()["active"] is True
    assert GroupMember.objects.filter(group=group, user=bob.user).count() == 1
    assert list(Share.objects.filter(member=bob).values_list()) == shares


def test_a_username_taken_by_a_guest_needs_a_claim_or_another_name(api_as, group, kid, token):
    client = api_as(UserFactory(username="Kid"))
    before = snapshot()

    refused = client.post(invite_path(token, "join"), {}, format="json")

    assert refused.status_code == 400
    assert "claim that guest" in refused.json()["name"][0]
    assert snapshot() == before
    named = client.post(invite_path(token, "join"), {"name": "Kid's dad"}, format="json")
    assert named.status_code == 201 and named.json()["name"] == "Kid's dad"


# --- claiming a guest ("this is me") -----------------------------------------------------------


def test_claiming_a_guest_keeps_its_history_and_its_manager(api, eve, group, ann, kid, token):
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    add_expense(group, ann, [ann, kid], amount="30.00")
    balances = api.get(group_path(group, "balances")).json()
    shares = list(Share.objects.filter(member=kid).values_list())

    response = eve.post(invite_path(token, "join"), {"claim": kid.pk}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["id"], body["name"], body["user"]["username"]) == (kid.pk, "Kid", "eve")
    assert body["managed_by"] == {
        "type": "user",
        "id": ann.user_id,
        "member": ann.pk,
        "name": "ann",
    }
    assert list(Share.objects.filter(member=kid).values_list()) == shares
    assert api.get(group_path(group, "balances")).json() == balances
    assert eve.get(group_path(group, "expenses")).json()["count"] == 1
    assert Activity.objects.filter(group=group).first().summary == "eve joined as Kid"


def test_claiming_a_guest_who_heads_a_household_repoints_it_at_the_new_user(
    api_as, eve, group, ann, token
):
    nan = GuestFactory(group=group, name="Nan")
    baby = GuestFactory(group=group, name="Baby")
    member_set_manager(member=baby, actor=ann, manager_id=nan.pk)

    eve.post(invite_path(token, "join"), {"claim": nan.pk}, format="json")

    baby.refresh_from_db()
    nan.refresh_from_db()
    assert baby.is_managed_by(nan)
    managed_by = eve.get(group_path(group, "members", baby)).json()["managed_by"]
    assert managed_by == {"type": "user", "id": nan.user_id, "member": nan.pk, "name": "Nan"}
    # Rule 3: the new user releases whom they manage; rule 4: nobody is left managed by nothing.
    assert eve.delete(manager_path(group, baby)).status_code == 204
    member_set_manager(member=baby, actor=ann, manager_id=nan.pk)
    member_deactivate(member=nan, actor=nan)
    baby.refresh_from_db()
    assert baby.managed_by_id is None


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        ("bob", "already has an account"),
        ("away", "has left the group"),
        ("elsewhere", "is not a member of this group"),
        (987654321, "is not a member of this group"),
    ],
)
def test_only_an_active_unclaimed_guest_of_the_group_may_be_claimed(
    eve, group, bob, token, claim, reason
):
    ids = {
        "bob": bob.pk,
        "away": GuestFactory(group=group, name="Away", is_active=False).pk,
        "elsewhere": GuestFactory(group=GroupFactory(name="Other")).pk,
    }
    before = snapshot()

    response = eve.post(invite_path(token, "join"), {"claim": ids.get(claim, claim)}, format="json")

    assert response.status_code == 400
    assert reason in response.json()["claim"][0]
    assert snapshot() == before


def test_a_claimed_guest_cannot_be_claimed_again(api_as, eve, kid, token):
    assert eve.post(invite_path(token, "join"), {"claim": kid.pk}, format="json").status_code == 201
    before = snapshot()

    response = api_as(UserFactory(username="zed")).post(
        invite_path(token, "join"), {"claim": kid.pk}, format="json"
    )

    assert response.status_code == 400
    assert "already has an account" in response.json()["claim"][0]
    assert snapshot() == before


def test_a_member_cannot_claim_a_guest_too(api_as, bob, kid, token):
    before = snapshot()

    response = api_as(bob.user).post(invite_path(token, "join"), {"claim": kid.pk}, format="json")

    assert response.status_code == 400
    assert "already a member" in response.json()["claim"][0]
    assert snapshot() == before


@pytest.mark.parametrize("claim", ["1", True, 1.0, [1], 0])
def test_a_claim_must_be_a_member_id(eve, token, claim):
    response = eve.post(invite_path(token, "join"), {"claim": claim}, format="json")

    assert response.status_code == 400
    assert "claim" in response.json()


def test_reading_and_joining_are_throttled_like_sign_in(monkeypatch, eve, token):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "3/min"})

    statuses = [eve.get(invite_path(token)).status_code for _ in range(3)]
    statuses.append(eve.post(invite_path(token, "join"), {}, format="json").status_code)

    assert statuses == [200, 200, 200, 429]
    assert not GroupMember.objects.filter(user__username="eve").exists()
