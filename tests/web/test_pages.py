"""The server-rendered pages, through Django's test client as a logged-in member."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from groups.models import Expense, Group, GroupMember
from groups.selectors.balances import group_balance_sheet
from groups.services.managers import member_set_manager
from groups.services.members import member_deactivate
from tests.factories import (
    GroupFactory,
    GuestFactory,
    UserFactory,
    add_expense,
    member_name_taken_meanwhile,
)

pytestmark = pytest.mark.django_db


def detail(group):
    return reverse("web:group-detail", args=[group.pk])


def manager_url(group, member):
    return reverse("web:member-manager", args=[group.pk, member.pk])


def households(response):
    """The aggregated rows as {name: (balance, [included names])}."""
    return {
        h.member.name: (h.balance, [m.name for m in h.includes])
        for h in response.context["households"]
    }


# --- access -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, group):
    for url in (reverse("web:group-list"), detail(group)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_login_page_renders_and_logs_in(client, user):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="password"' in response.content

    response = client.post(
        reverse("login"), {"username": "ann", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:group-list")


def test_my_groups_lists_only_groups_i_am_in(as_ann, group, ann, kid):
    GroupFactory(name="Someone else's flat")
    response = as_ann.get(reverse("web:group-list"))
    assert response.status_code == 200
    assert list(response.context["groups"]) == [group]
    assert response.context["groups"][0].member_count == 2
    assert b"Someone else" not in response.content


def test_the_group_page_renders_for_a_member(as_ann, group, ann, bob, kid):
    add_expense(group, ann, [ann, bob, kid], amount="30.00")
    response = as_ann.get(detail(group))
    assert response.status_code == 200
    assert [row.member.name for row in response.context["rows"]] == ["ann", "bob", "Kid"]
    assert [(t.debtor.name, t.creditor.name) for t in response.context["settle_up"]] == [
        ("bob", "ann"),
        ("Kid", "ann"),
    ]
    html = response.content.decode()
    assert "Recent expenses" in html and "csrfmiddlewaretoken" in html


@pytest.mark.parametrize("suffix", ["", "members/", "expenses/", "payments/"])
def test_a_non_member_gets_404(login, group, ann, suffix):
    stranger = login(UserFactory(username="eve"))
    url = detail(group) + suffix
    response = stranger.post(url, {"name": "Mole"}) if suffix else stranger.get(url)
    assert response.status_code == 404
    assert not group.members.filter(name="Mole").exists()


def test_a_member_who_left_gets_404(login, group, ann, bob):
    member_deactivate(member=bob, actor=bob)
    assert login(bob.user).get(detail(group)).status_code == 404


def test_an_id_too_large_for_the_database_is_404(as_ann, group, ann):
    assert as_ann.get(f"/groups/{2**70}/").status_code == 404
    assert as_ann.post(f"/groups/{group.pk}/members/{2**70}/manager/").status_code == 404


def test_writes_only_accept_post(as_ann, group, ann):
    assert as_ann.get(reverse("web:member-add", args=[group.pk])).status_code == 405


def test_writes_need_the_csrf_token(user, group, ann):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(detail(group))
    url = reverse("web:member-add", args=[group.pk])

    assert client.post(url, {"name": "Maya"}).status_code == 403
    token = page.context["csrf_token"]
    assert client.post(url, {"name": "Maya", "csrfmiddlewaretoken": token}).status_code == 302
    assert group.members.filter(name="Maya").exists()


# --- groups and members -----------------------------------------------------------------------


def test_creating_a_group(as_ann, user):
    response = as_ann.post(reverse("web:group-create"), {"name": "Flat", "currency": "gbp"})
    group = Group.objects.get(name="Flat")
    assert response["Location"] == detail(group)
    assert group.currency == "GBP" and group.members.get().user == user


def test_adding_a_guest_and_a_registered_user(as_ann, group, ann):
    UserFactory(username="carol")
    as_ann.post(reverse("web:member-add", args=[group.pk]), {"name": "Maya"})
    as_ann.post(reverse("web:member-add", args=[group.pk]), {"username": "carol"})
    assert [(m.name, m.is_guest) for m in group.members.all()] == [
        ("ann", False),
        ("Maya", True),
        ("carol", False),
    ]


def test_adding_an_unknown_user_or_a_taken_name_shows_the_reason(as_ann, group, ann, kid):
    url = reverse("web:member-add", args=[group.pk])
    response = as_ann.post(url, {"username": "nobody"})
    assert "Cannot add that user" in str(response.context["member_form"].errors["username"])

    response = as_ann.post(url, {"name": "Kid"})
    assert response.status_code == 200
    assert "already exists" in str(response.context["member_form"].errors["name"])
    assert group.members.count() == 2


# --- managers ---------------------------------------------------------------------------------


def test_setting_and_clearing_a_manager_changes_the_households(as_ann, group, ann, bob, kid):
    add_expense(group, bob, [ann, bob, kid], amount="30.00")
    assert households(as_ann.get(detail(group)))["Kid"] == (Decimal("-10.00"), [])

    response = as_ann.post(manager_url(group, kid), {f"manage-{kid.pk}-manager": ann.pk})
    assert response.status_code == 302
    page = as_ann.get(detail(group))
    assert households(page) == {
        "ann": (Decimal("-20.00"), ["Kid"]),
        "bob": (Decimal("20.00"), []),
    }
    assert "Kid is now managed by ann." in page.content.decode()

    as_ann.post(manager_url(group, kid), {"action": "clear"})
    assert set(households(as_ann.get(detail(group)))) == {"ann", "bob", "Kid"}
    kid.refresh_from_db()
    assert kid.managed_by_id is None


def test_the_manage_form_offers_only_eligible_members(as_ann, group, ann, bob, kid):
    member_set_manager(member=bob, actor=ann, manager_id=ann.pk)
    rows = {row.member.name: row for row in as_ann.get(detail(group)).context["rows"]}
    choices = [label for _, label in rows["Kid"].manage_form.fields["manager"].choices]
    assert choices == ["ann"]  # bob is managed, Kid cannot manage itself
    assert rows["ann"].manage_form is None  # a manager cannot be managed
    assert rows["bob"].may_clear and not rows["Kid"].may_clear


def test_a_chain_shows_the_reason_and_writes_nothing(as_ann, group, ann, bob, kid):
    """Ann manages Kid, so ann cannot be managed by bob (one level only)."""
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)

    response = as_ann.post(manager_url(group, ann), {f"manage-{ann.pk}-manager": bob.pk})

    assert response.status_code == 200
    assert "manages other members" in response.content.decode()
    ann.refresh_from_db()
    assert ann.managed_by_id is None


def test_an_ineligible_choice_posted_by_hand_is_refused(as_ann, group, ann, bob, kid):
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    stranger = GuestFactory(group=GroupFactory(), name="Stranger")
    for choice in (bob.pk, kid.pk, stranger.pk):
        response = as_ann.post(manager_url(group, bob), {f"manage-{bob.pk}-manager": choice})
        assert "Select a valid choice" in response.content.decode()
    bob.refresh_from_db()
    assert bob.managed_by_id is None


def test_rule_3_applies_to_the_logged_in_member(login, group, ann, bob, kid):
    as_bob = login(bob.user)
    rows = {row.member.name: row for row in as_bob.get(detail(group)).context["rows"]}
    assert rows["ann"].manage_form is None  # bob may not manage ann
    assert [c for _, c in rows["Kid"].manage_form.fields["manager"].choices] == ["bob"]

    # Naming someone else as a guest's manager is only for admins.
    response = as_bob.post(manager_url(group, kid), {f"manage-{kid.pk}-manager": ann.pk})
    assert response.status_code == 403
    # Managing a registered member is only for admins, whatever the body says.
    assert as_bob.post(manager_url(group, ann), {}).status_code == 403
    kid.refresh_from_db()
    assert kid.managed_by_id is None

    # Bob may claim the unmanaged guest for himself, and release them again.
    as_bob.post(manager_url(group, kid), {f"manage-{kid.pk}-manager": bob.pk})
    kid.refresh_from_db()
    assert kid.managed_by == bob.user
    assert as_bob.post(manager_url(group, kid), {"action": "clear"}).status_code == 302
    kid.refresh_from_db()
    assert kid.managed_by_id is None


def test_clearing_someone_elses_manager_is_403(login, group, ann, bob, kid):
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    response = login(bob.user).post(manager_url(group, kid), {"action": "clear"})
    assert response.status_code == 403
    kid.refresh_from_db()
    assert kid.managed_by == ann.user


# --- expenses and payments --------------------------------------------------------------------


def test_adding_an_expense_updates_the_balances(as_ann, group, ann, bob, kid):
    data = {
        "description": "Dinner",
        "amount": "90.00",
        "paid_by": ann.pk,
        "participants": [ann.pk, bob.pk, kid.pk],
        "date": "2026-03-01",
    }
    response = as_ann.post(reverse("web:expense-add", args=[group.pk]), data)
    assert response.status_code == 302

    page = as_ann.get(detail(group))
    balances = {row.member.name: row.balance for row in page.context["rows"]}
    assert balances == {"ann": Decimal("60.00"), "bob": Decimal("-30.00"), "Kid": Decimal("-30.00")}
    assert "Dinner" in page.content.decode()
    expense = Expense.objects.get()
    assert (expense.split, expense.created_by) == ("equal", ann.user)


def test_a_refused_expense_shows_the_reason_and_writes_nothing(as_ann, group, ann, kid):
    member_deactivate(member=kid, actor=ann)
    data = {"description": "Dinner", "amount": "0.01", "paid_by": ann.pk}
    url = reverse("web:expense-add", args=[group.pk])

    response = as_ann.post(url, {**data, "participants": [ann.pk, kid.pk]})
    assert "Select a valid choice" in str(response.context["expense_form"].errors)

    response = as_ann.post(url, {**data, "amount": "12.345", "participants": [ann.pk]})
    assert "amount" in response.context["expense_form"].errors
    assert not Expense.objects.exists()


def test_recording_a_payment_settles_up(as_ann, group, ann, bob):
    add_expense(group, ann, [ann, bob], amount="30.00")
    data = {"from_member": bob.pk, "to_member": ann.pk, "amount": "15.00"}
    assert as_ann.post(reverse("web:payment-add", args=[group.pk]), data).status_code == 302
    assert group_balance_sheet(group).settle_up == []
    assert Expense.objects.filter(kind="payment").count() == 1


def test_a_payment_to_oneself_is_refused(as_ann, group, ann):
    data = {"from_member": ann.pk, "to_member": ann.pk, "amount": "5.00"}
    response = as_ann.post(reverse("web:payment-add", args=[group.pk]), data)
    assert "another member" in str(response.context["payment_form"].errors["to_member"])
    assert not Expense.objects.exists()


def test_losing_a_race_for_a_name_shows_an_error_and_writes_nothing(as_ann, group, ann):
    with member_name_taken_meanwhile("Zoe"):
        response = as_ann.post(reverse("web:member-add", args=[group.pk]), {"name": "Zoe"})

    assert response.status_code == 200
    assert "reload and try again" in response.content.decode()
    assert not GroupMember.objects.filter(name="Zoe").exists()
