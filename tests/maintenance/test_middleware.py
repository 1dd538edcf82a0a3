"""Every request answers 503 with Retry-After while maintenance is on: JSON under /api/, a short
page elsewhere, without touching the database; and it serves again as soon as it ends."""

import time

import pytest
from django.test import Client

from groups.models import Group

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/api/groups/", "application/json"),
        ("/api/auth/token/", "application/json"),
        ("/", "text/html"),
        ("/accounts/login/", "text/html"),
        ("/admin/", "text/html"),
    ],
)
def test_maintenance_answers_503_with_retry_after_everywhere(flag, path, kind):
    flag.put("operator", "test", seconds=None, lease=False)

    response = Client().get(path)

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith(kind)
    assert response["Cache-Control"] == "no-store"
    if kind == "application/json":
        assert "maintenance" in response.json()["detail"]
    else:
        assert b"Back in a moment" in response.content


def test_a_write_during_maintenance_is_refused_and_not_stored(flag, api, django_assert_num_queries):
    flag.put("safe_migrate groups 0001 (test)", "safe_migrate", seconds=30, lease=True)

    with django_assert_num_queries(0):  # nothing of the request reached the database
        response = api.post("/api/groups/", {"name": "During", "currency": "EUR"}, format="json")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert not Group.objects.filter(name="During").exists()


def test_it_serves_again_when_maintenance_ends(flag, api):
    flag.put("operator", "test", seconds=None, lease=False)
    assert api.get("/api/groups/").status_code == 503

    flag.remove("operator")

    assert api.get("/api/groups/").status_code == 200


def test_a_lease_that_is_not_renewed_ends_by_itself(flag, api):
    flag.put("a command that died", "restore_db", seconds=0.3, lease=True)
    assert api.get("/api/groups/").status_code == 503

    time.sleep(0.4)

    assert api.get("/api/groups/").status_code == 200


def test_retry_after_announces_the_end_an_operator_gave(flag):
    flag.put("operator", "upgrade", seconds=600, lease=False)

    response = Client().get("/api/groups/")

    assert 590 <= int(response["Retry-After"]) <= 600


def test_the_flag_and_schema_checks_cost_no_query_per_request(flag, django_assert_num_queries):
    client = Client()
    client.get("/api/groups/")  # the first request of a process checks the migrations once

    with django_assert_num_queries(0):
        response = client.get("/api/groups/")  # anonymous: nothing else reads the database
    assert response.status_code == 401
