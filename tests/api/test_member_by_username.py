"""Adding a registered user by username: no way to learn which accounts exist, and throttled."""

import pytest
from rest_framework.throttling import SimpleRateThrottle

from groups.models import GroupMember
from tests.api.paths import group_path
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth_rate(monkeypatch):
    def set_rate(rate):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "auth", rate)

    return set_rate


def test_an_unknown_username_reads_like_any_other_refusal(api, group, ann):
    UserFactory(username="carl")
    UserFactory(username="dora", is_active=False)  # a disabled account cannot be added either

    unknown = api.post(group_path(group, "members"), {"username": "nobody"}, format="json")
    disabled = api.post(group_path(group, "members"), {"username": "dora"}, format="json")

    assert unknown.status_code == disabled.status_code == 400
    assert unknown.json() == disabled.json()
    assert "nobody" not in str(unknown.json())
    assert "Cannot add that user" in unknown.json()["username"][0]
    assert not GroupMember.objects.filter(name__in=["nobody", "dora"]).exists()


def test_a_guest_name_clash_is_told_whether_or_not_the_account_exists(api, group, ann, kid):
    # The caller sees the member list anyway; the answer must not depend on the account.
    answers = [
        api.post(group_path(group, "members"), {"username": name}, format="json")
        for name in ("Kid", "kid")
    ]
    UserFactory(username="Kid")
    answers.append(api.post(group_path(group, "members"), {"username": "Kid"}, format="json"))

    assert {a.status_code for a in answers} == {400}
    assert answers[0].json() == answers[2].json()
    assert "already" in answers[0].json()["username"][0]


def test_a_username_is_found_whatever_its_case(api, group, ann):
    carl = UserFactory(username="Carl")

    response = api.post(group_path(group, "members"), {"username": "CARL"}, format="json")

    assert response.status_code == 201
    assert response.json()["user"] == {"id": carl.pk, "username": "Carl"}


def test_adding_by_username_is_throttled_with_the_auth_budget(api, group, ann, auth_rate):
    auth_rate("3/min")
    statuses = [
        api.post(group_path(group, "members"), {"username": f"u{n}"}, format="json").status_code
        for n in range(4)
    ]
    refused = api.post(group_path(group, "members"), {"username": "u9"}, format="json")
    guest = api.post(group_path(group, "members"), {"name": "Zoe"}, format="json")

    assert statuses == [400, 400, 400, 429]
    assert int(refused["Retry-After"]) > 0
    assert guest.status_code == 201  # adding a guest reveals nothing and is not throttled
