"""What every answer says about itself: API JSON is never cached, big bodies get a JSON 413,
and the server does not announce its software."""

import http.client

import pytest

from bench.serving import gunicorn, manage, production_environment
from groups.models import GroupMember
from tests.api.paths import group_path


@pytest.mark.django_db
def test_api_json_is_private_and_never_stored(api, group, ann):
    answers = [
        api.get(group_path(group, "members")),
        api.post(group_path(group, "members"), {"name": ""}, format="json"),
        api.get("/api/groups/99999/"),
        api.get("/api/no-such-route/"),
    ]

    assert [a.status_code for a in answers] == [200, 400, 404, 404]
    for answer in answers:
        assert answer["Content-Type"].startswith("application/json")
        assert set(answer["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_a_body_over_the_upload_limit_is_a_json_413(api, group, ann, settings, content_type):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"name": "' + "x" * 2000 + '"}'
    if content_type != "application/json":
        body = "username=" + "x" * 2000 + "&password=y"

    members = api.generic("POST", group_path(group, "members"), body, content_type=content_type)
    token = api.generic("POST", "/api/auth/token/", body, content_type=content_type)

    for answer in (members, token):
        assert answer["Content-Type"] == "application/json"
    assert members.status_code in (413, 415)  # members speak JSON only
    if content_type == "application/json":
        assert members.status_code == 413
        assert "1000 bytes" in members.json()["detail"]
    assert token.status_code == 413
    assert GroupMember.objects.count() == 1


@pytest.mark.slow
def test_gunicorn_sends_no_server_banner(tmp_path):
    env = production_environment({"SQLITE_PATH": str(tmp_path / "db.sqlite3")})
    manage(env, "migrate", "--noinput")  # an unmigrated database would answer 503
    with gunicorn(env, tmp_path / "gunicorn.log") as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", "/api/", headers={"Accept": "application/json"})
        answer = connection.getresponse()
        answer.read()
        connection.close()

    assert answer.status == 401
    assert answer.getheader("Server") is None
