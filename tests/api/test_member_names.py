"""Member and group names: normalized, unique in a group whatever the case, nothing hidden."""

import pytest

from groups.models import Group, GroupMember
from tests.api.paths import group_path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["kid", "KID", " Kid ", "\uff2b\uff49\uff44"],  # the last is a full-width "Kid"
)
def test_a_guest_name_taken_in_another_case_is_refused(api, group, ann, kid, name):
    response = api.post(group_path(group, "members"), {"name": name}, format="json")

    assert response.status_code == 400
    assert "already exists" in response.json()["name"][0]
    assert group.members.count() == 2


@pytest.mark.parametrize(
    "name",
    ["Zoe\u200b", "\u202eeoZ", "Zo\u00ade", "Z\u0000oe", "Zo\u2029e", "\ue000Zoe", "Z\u0430e"],
    ids=["zero width", "rtl override", "soft hyphen", "nul", "paragraph sep", "private", "cyr"],
)
def test_a_guest_name_with_a_hidden_or_look_alike_character_is_refused(api, group, ann, name):
    response = api.post(group_path(group, "members"), {"name": name}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert not GroupMember.objects.filter(name__icontains="Z").exists()


def test_renaming_into_another_case_of_a_taken_name_is_refused(api, group, ann, kid):
    response = api.patch(group_path(group, "members", ann), {"name": "KID"}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()
    ann.refresh_from_db()
    assert ann.name == "ann"


def test_renaming_oneself_in_another_case_is_fine(api, group, ann):
    response = api.patch(group_path(group, "members", ann), {"name": "Ann"}, format="json")

    assert response.status_code == 200
    assert response.json()["name"] == "Ann"


def test_names_are_stored_normalized(api, group, ann):
    response = api.post(group_path(group, "members"), {"name": "\ufb01ona"}, format="json")

    assert response.status_code == 201
    assert response.json()["name"] == "fiona"


@pytest.mark.parametrize("name", ["Trip\u200b", "Trip\u202e", "Trip\n2"])
def test_a_group_name_with_a_hidden_character_is_refused(api, user, name):
    response = api.post("/api/groups/", {"name": name}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()
    assert not Group.objects.exists()


def test_a_group_may_mix_scripts(api, user):
    moscow = "\u041c\u043e\u0441\u043a\u0432\u0430"
    response = api.post("/api/groups/", {"name": f"Trip to {moscow}"}, format="json")

    assert response.status_code == 201
