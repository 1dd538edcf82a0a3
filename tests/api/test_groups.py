import pytest

from groups.models import Expense, Group, GroupMember, Share
from tests.factories import GroupFactory, UserFactory, add_expense

pytestmark = pytest.mark.django_db


def test_list_shows_only_the_callers_groups(api, group, ann):
    GroupFactory(name="Someone else's", created_by=UserFactory(username="eve"))

    response = api.get("/api/groups/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": group.pk,
            "name": "Trip",
            "currency": "EUR",
            "created_by": {"id": ann.user_id, "username": "ann"},
            "created_at": body["results"][0]["created_at"],
        }
    ]


def test_create_makes_the_caller_its_admin(api, user):
    response = api.post("/api/groups/", {"name": "Flat", "currency": "usd"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["currency"]) == ("Flat", "USD")
    member = GroupMember.objects.get(group_id=body["id"])
    assert (member.user, member.role, member.name) == (user, "admin", "ann")


def test_create_defaults_to_euros(api):
    response = api.post("/api/groups/", {"name": "Flat"}, format="json")

    assert response.status_code == 201
    assert response.json()["currency"] == "EUR"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "Flat", "currency": "EURO"}, "currency"),
        ({"name": "Flat", "currency": "E1R"}, "currency"),
        ({"name": "Flat", "currency": 978}, "currency"),
        ({"currency": "EUR"}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "nul\x00"}, "name"),
        ({"name": 2024}, "name"),
        ([{"name": "Flat"}], "non_field_errors"),
        ("Flat", "non_field_errors"),
    ],
)
def test_create_refuses_bad_input(api, user, body, field):
    response = api.post("/api/groups/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert Group.objects.count() == 0


def test_admin_renames_and_changes_currency(api, group, ann):
    response = api.patch(
        f"/api/groups/{group.pk}/", {"name": "Road trip", "currency": "chf"}, format="json"
    )

    assert response.status_code == 200
    group.refresh_from_db()
    assert (group.name, group.currency) == ("Road trip", "CHF")


def test_admin_change_is_checked(api, group, ann):
    response = api.patch(f"/api/groups/{group.pk}/", {"currency": "EU"}, format="json")

    assert response.status_code == 400
    assert "currency" in response.json()
    group.refresh_from_db()
    assert group.currency == "EUR"


@pytest.mark.parametrize("body", [{"name": "Mine now"}, {"name": ""}, ["garbage"]])
def test_a_non_admin_cannot_rename_even_with_a_bad_body(api_as, group, bob, body):
    response = api_as(bob.user).patch(f"/api/groups/{group.pk}/", body, format="json")

    assert response.status_code == 403
    group.refresh_from_db()
    assert group.name == "Trip"


def test_a_non_admin_cannot_delete(api_as, group, bob):
    response = api_as(bob.user).delete(f"/api/groups/{group.pk}/")

    assert response.status_code == 403
    assert Group.objects.filter(pk=group.pk).exists()


def test_admin_deletes_a_group_with_everything_in_it(api, group, ann, kid):
    add_expense(group, ann, [ann, kid])

    response = api.delete(f"/api/groups/{group.pk}/")

    assert response.status_code == 204
    assert not Group.objects.exists()
    assert not GroupMember.objects.exists()
    assert not Expense.objects.exists()
    assert not Share.objects.exists()


def test_a_member_who_left_no_longer_sees_the_group(api_as, group, ann, bob):
    bob.is_active = False
    bob.save()
    client = api_as(bob.user)

    assert client.get("/api/groups/").json()["count"] == 0
    assert client.get(f"/api/groups/{group.pk}/").status_code == 404


@pytest.mark.parametrize(
    "group_id", ["99999999999999999999", "9223372036854775808", "999999999999999999", "abc", "-1"]
)
def test_unknown_or_absurd_group_ids_are_404(api, group, group_id):
    for path in ("", "balances/", "members/"):
        response = api.get(f"/api/groups/{group_id}/{path}")
        assert response.status_code == 404
        assert "detail" in response.json()  # JSON, whether a route matched or not


def test_group_routes_take_json_only(api, group, ann):
    form = api.post("/api/groups/", {"name": "Flat"})
    multipart_garbage = api.patch(
        f"/api/groups/{group.pk}/members/{ann.pk}/",
        b"465",
        content_type="multipart/form-data; boundary=x",
    )

    assert (form.status_code, multipart_garbage.status_code) == (415, 415)
    assert Group.objects.count() == 1
