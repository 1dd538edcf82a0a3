"""Who may see the pages: logged-in members only; 404 for everyone else; CSRF on writes."""

import pytest
from django.test import Client
from django.urls import reverse

from groups.services.members import member_deactivate
from tests.factories import UserFactory, add_expense
from tests.web.conftest import url

pytestmark = pytest.mark.django_db

GROUP_PAGES = [
    ("group-detail", ()),
    ("group-edit", ()),
    ("group-delete", ()),
    ("members", ()),
    ("expense-list", ()),
    ("expense-add", ()),
    ("payment-add", ()),
    ("statistics", ()),
    ("activity", ()),
    ("trash", ()),
    ("recurring", ()),
    ("export", ()),
    ("invite-new", ()),
    ("invite-disable", ()),
]


@pytest.mark.parametrize(("name", "extra"), GROUP_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, group, name, extra):
    response = client.get(url(name, group, *extra))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "extra"), GROUP_PAGES)
def test_a_non_member_gets_404_on_every_group_page(login, group, ann, name, extra):
    stranger = login(UserFactory(username="eve"))
    assert stranger.get(url(name, group, *extra)).status_code == 404
    assert stranger.post(url(name, group, *extra), {"name": "Mole"}).status_code == 404
    assert not group.members.filter(name="Mole").exists()


def test_a_non_member_gets_404_for_an_expense_and_a_member(login, group, ann):
    expense = add_expense(group, ann, [ann])
    stranger = login(UserFactory(username="eve"))
    for page in ("expense-detail", "expense-edit", "expense-delete"):
        assert stranger.get(url(page, group, expense)).status_code == 404
    for page in ("member-remove", "member-manager"):
        assert stranger.get(url(page, group, ann)).status_code == 404


def test_a_member_who_left_gets_404(login, group, ann, bob):
    member_deactivate(member=bob, actor=bob)
    assert login(bob.user).get(url("group-detail", group)).status_code == 404


def test_an_id_too_large_for_the_database_is_404(as_ann, group, ann):
    assert as_ann.get(f"/groups/{2**70}/").status_code == 404
    assert as_ann.get(f"/groups/{group.pk}/members/{2**70}/manager/").status_code == 404
    assert as_ann.get(f"/groups/{group.pk}/expenses/{2**70}/").status_code == 404


def test_an_expense_of_another_group_is_404(as_ann, group, ann):
    from tests.factories import GroupFactory, admin_of

    other = GroupFactory()
    expense = add_expense(other, admin_of(other), [admin_of(other)])
    assert as_ann.get(f"/groups/{group.pk}/expenses/{expense.pk}/").status_code == 404


def test_writes_that_only_post_refuse_get(as_ann, group, ann):
    assert as_ann.get(url("member-role", group, ann)).status_code == 405
    assert as_ann.get(url("expense-preview", group)).status_code == 405


def test_writes_need_the_csrf_token(user, group, ann):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(url("members", group))

    assert client.post(url("members", group), {"name": "Maya"}).status_code == 403
    token = page.context["csrf_token"]
    response = client.post(url("members", group), {"name": "Maya", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert group.members.filter(name="Maya").exists()


def test_every_form_on_the_pages_carries_a_csrf_token(as_ann, group, ann, bob, kid):
    expense = add_expense(group, ann, [ann, bob, kid])
    for page in (
        url("group-list"),
        url("group-detail", group),
        url("members", group),
        url("expense-add", group),
        url("expense-edit", group, expense),
        url("payment-add", group),
        url("expense-delete", group, expense),
    ):
        html = as_ann.get(page).content.decode()
        assert html.count('method="post"') == html.count("csrfmiddlewaretoken"), page
