"""The invite link on the members page, and joining through it: as someone new or a guest."""

import pytest

from groups.models import GroupMember, InviteLink
from groups.services.invites import invite_create
from splitwise.throttling import LoginRateThrottle
from tests.factories import GroupFactory, GuestFactory, UserFactory, add_expense
from tests.web.conftest import text, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def invite(group, ann):
    return invite_create(group=group, actor=ann)


@pytest.fixture
def carol(db):
    return UserFactory(username="carol")


def join_url(invite):
    return f"/join/{invite.token}/"


def test_an_admin_makes_the_link_and_sees_it_to_copy(as_ann, group, ann):
    page = as_ann.get(url("members", group))
    assert "Make an invite link" in text(page)
    assert page.context["invite_url"] is None

    response = as_ann.post(url("invite-new", group))

    invite = InviteLink.objects.get(group=group, disabled_at=None)
    assert response["Location"] == url("members", group) + "#invite"
    page = as_ann.get(url("members", group))
    link = f"http://testserver/join/{invite.token}/"
    assert page.context["invite_url"] == link
    assert f'value="{link}" aria-describedby="invite-copied"' in text(page)  # no JS: select it
    assert 'data-copy="invite-url"' in text(page)
    assert "web/copy.js" in text(page)
    assert "<script>" not in text(page)  # no inline script


def test_a_new_link_asks_first_then_the_old_one_stops_working(as_ann, group, invite):
    page = as_ann.get(url("invite-new", group))
    assert "The current link stops working" in text(page)
    assert InviteLink.objects.get(group=group, disabled_at=None) == invite

    as_ann.post(url("invite-new", group))

    new = InviteLink.objects.get(group=group, disabled_at=None)
    assert new != invite
    assert as_ann.get(join_url(invite)).status_code == 404
    assert as_ann.get(join_url(new)).status_code == 200


def test_disabling_asks_first_then_the_link_is_dead(as_ann, group, invite, login, carol):
    assert "Disable the invite link of Trip?" in text(as_ann.get(url("invite-disable", group)))
    assert InviteLink.objects.active().filter(group=group).exists()

    assert as_ann.post(url("invite-disable", group)).status_code == 302

    assert not InviteLink.objects.active().filter(group=group).exists()
    assert "Make an invite link" in text(as_ann.get(url("members", group)))
    response = login(carol).post(join_url(invite), {"name": "Carol"})
    assert response.status_code == 404
    assert "This invite link does not work" in text(response)
    assert not GroupMember.objects.filter(user=carol).exists()


def test_a_member_who_is_not_an_admin_sees_no_link_and_may_not_make_one(login, group, bob):
    as_bob = login(bob.user)
    page = as_bob.get(url("members", group))
    assert page.context["invite_url"] is None
    assert "An admin can make a link" in text(page)
    for method, name in [("get", "invite-new"), ("post", "invite-new"), ("get", "invite-disable")]:
        assert getattr(as_bob, method)(url(name, group)).status_code == 403
    assert as_bob.post(url("invite-disable", group)).status_code == 403
    assert not InviteLink.objects.exists()


def test_strangers_get_404_on_the_link_pages(login, group, ann, carol):
    as_carol = login(carol)
    for name in ("invite-new", "invite-disable"):
        assert as_carol.get(url(name, group)).status_code == 404
        assert as_carol.post(url(name, group)).status_code == 404
    assert not InviteLink.objects.exists()


@pytest.mark.parametrize("token", ["nope", "x" * 64, "x" * 300, "a%20b"])
def test_an_unknown_token_is_a_clear_404(client, login, carol, token, invite):
    for visitor in (client, login(carol)):
        response = visitor.get(f"/join/{token}/")
        assert response.status_code == 404
        assert "This invite link does not work" in text(response)


def test_the_old_invites_address_leads_to_the_join_page(client, invite):
    response = client.get(f"/invites/{invite.token}/")
    assert response["Location"] == join_url(invite)


def test_someone_signed_out_is_sent_to_log_in_or_sign_up_and_back(client, invite):
    page = client.get(join_url(invite))
    assert page.status_code == 200
    body = text(page)
    assert "Join Trip" in body
    quoted = join_url(invite)
    assert f'href="/accounts/login/?next={quoted}"' in body
    assert f'href="/accounts/register/?next={quoted}"' in body
    # A post without an account writes nothing and goes to log in.
    response = client.post(join_url(invite), {"name": "Eve"})
    assert response["Location"] == f"/accounts/login/?next={quoted}"
    assert not GroupMember.objects.filter(name="Eve").exists()


def test_signing_up_from_an_invite_comes_back_to_it(client, invite):
    body = {"username": "dora", "password": "walk-in-lisbon-2026", "password_confirm": ""}
    body["password_confirm"] = body["password"]
    page = client.get("/accounts/register/", {"next": join_url(invite)})
    assert f'name="next" value="{join_url(invite)}"' in text(page)

    response = client.post("/accounts/register/", {**body, "next": join_url(invite)})

    assert response["Location"] == join_url(invite)
    assert "Join as a new member" in text(client.get(join_url(invite)))


def test_logging_in_from_an_invite_comes_back_to_it(client, invite, carol):
    login_page = client.get("/accounts/login/", {"next": join_url(invite)})
    assert f"/accounts/register/?next={join_url(invite)}" in text(login_page)
    response = client.post(
        "/accounts/login/",
        {"username": "carol", "password": "correct-horse-battery", "next": join_url(invite)},
    )
    assert response["Location"] == join_url(invite)


def test_sign_up_ignores_a_next_on_another_site(client):
    body = {"username": "dora", "password": "walk-in-lisbon-2026"}
    body["password_confirm"] = body["password"]
    response = client.post("/accounts/register/", {**body, "next": "https://evil.example/"})
    assert response["Location"] == url("group-list")


def test_the_join_page_lists_the_guests_one_may_claim(login, group, invite, bob, kid, carol):
    GuestFactory(group=group, name="Gone", is_active=False)
    page = login(carol).get(join_url(invite))
    assert [g.name for g in page.context["guests"]] == ["Kid"]
    assert 'aria-label="This is me: Kid">This is me</button>' in text(page)


def test_joining_as_a_new_member(login, group, invite, carol):
    as_carol = login(carol)
    response = as_carol.post(join_url(invite), {"name": "Caro"})

    assert response["Location"] == url("group-detail", group)
    member = GroupMember.objects.get(group=group, user=carol)
    assert (member.name, member.role, member.is_active) == ("Caro", "member", True)
    assert "Welcome to Trip! You are Caro here." in text(as_carol.get(response["Location"]))


def test_joining_with_a_taken_name_says_so_and_writes_nothing(login, group, invite, kid, carol):
    response = login(carol).post(join_url(invite), {"name": "Kid"})

    assert response.status_code == 400
    assert "A member named 'Kid' already exists" in text(response)
    assert "data-error-summary" in text(response)
    assert 'value="Kid"' in text(response)  # what was typed stays
    assert not GroupMember.objects.filter(user=carol).exists()


def test_this_is_me_claims_the_guest_with_their_history(login, group, ann, invite, kid, carol):
    add_expense(group, ann, [ann, kid], amount="10.00")
    response = login(carol).post(join_url(invite), {"claim": kid.pk})

    assert response["Location"] == url("group-detail", group)
    kid.refresh_from_db()
    assert kid.user == carol and kid.name == "Kid"
    assert kid.shares.count() == 1
    assert group.members.count() == 2


@pytest.mark.parametrize("who", ["bob", "ann", "gone", "stranger", "junk"])
def test_claiming_someone_who_is_no_listed_guest_is_refused(
    login, group, ann, invite, bob, carol, who
):
    gone = GuestFactory(group=group, name="Gone", is_active=False)
    stranger = GuestFactory(group=GroupFactory(name="Other", created_by=carol), name="Zed")
    claim = {"bob": bob, "ann": ann, "gone": gone, "stranger": stranger, "junk": "me"}[who]
    before = list(GroupMember.objects.values_list("pk", "user_id"))

    response = login(carol).post(join_url(invite), {"claim": getattr(claim, "pk", claim)})

    assert response.status_code == 400
    assert "Choose one of the guests listed." in text(response)
    assert "data-error-summary" in text(response)
    assert list(GroupMember.objects.values_list("pk", "user_id")) == before


def test_a_member_cannot_claim_a_guest_as_well(login, group, invite, bob, kid):
    as_bob = login(bob.user)
    page = as_bob.get(join_url(invite))
    assert "You are already in this group" in text(page)

    response = as_bob.post(join_url(invite), {"claim": kid.pk})

    assert response.status_code == 400
    assert "You are already a member of this group, as bob." in text(response)
    kid.refresh_from_db()
    assert kid.user is None


def test_joining_again_as_a_member_changes_nothing(login, group, invite, bob):
    response = login(bob.user).post(join_url(invite), {})
    assert response["Location"] == url("group-detail", group)
    assert group.members.filter(user=bob.user).count() == 1


def test_joining_is_throttled_like_logging_in(login, invite, carol, monkeypatch):
    monkeypatch.setattr(LoginRateThrottle, "THROTTLE_RATES", {"auth": "2/min"})
    as_carol = login(carol)
    statuses = [as_carol.post(join_url(invite), {"name": "Kid" * 40}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    assert not GroupMember.objects.filter(user=carol).exists()
