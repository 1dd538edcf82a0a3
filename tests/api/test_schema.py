import json

import pytest
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework.test import APIClient

from tests.factories import add_expense

pytestmark = pytest.mark.django_db

DOCUMENTED_PATHS = {
    "/api/auth/register/",
    "/api/auth/token/",
    "/api/groups/",
    "/api/groups/{id}/",
    "/api/groups/{id}/balances/",
    "/api/groups/{id}/export/",
    "/api/groups/import/",
    "/api/groups/{group_pk}/members/",
    "/api/groups/{group_pk}/members/{id}/",
    "/api/groups/{group_pk}/members/{id}/manager/",
    "/api/groups/{group_pk}/expenses/",
    "/api/groups/{group_pk}/expenses/{id}/",
    "/api/groups/{group_pk}/payments/",
    "/api/groups/{group_pk}/payments/{id}/",
    "/api/groups/{group_pk}/rates/",
    "/api/groups/{group_pk}/categories/",
    "/api/groups/{group_pk}/expenses/{expense_pk}/comments/",
    "/api/groups/{group_pk}/expenses/{expense_pk}/comments/{id}/",
    "/api/groups/{group_pk}/statistics/",
}


def test_schema_is_served():
    response = APIClient().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert set(schema["paths"]) >= DOCUMENTED_PATHS


def test_schema_validates_without_warnings(tmp_path):
    GENERATOR_STATS.reset()  # warnings of schemas generated earlier in this process

    path = tmp_path / "schema.json"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", path
    )

    schema = json.loads(path.read_text())
    manager = schema["paths"]["/api/groups/{group_pk}/members/{id}/manager/"]
    assert set(manager) == {"put", "delete"}
    assert manager["put"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ManagerRequest"
    }
    transfer = schema["components"]["schemas"]["Transfer"]["properties"]
    assert {"from", "to", "amount"} <= set(transfer)
    member = schema["components"]["schemas"]["Member"]["properties"]
    assert set(member) == {"id", "name", "user", "role", "active", "managed_by"}
    parameters = manager["put"]["parameters"]
    assert {p["name"]: p["schema"]["type"] for p in parameters} == {
        "group_pk": "integer",
        "id": "integer",
    }


def test_docs_work_for_anonymous_and_logged_in_browsers(user):
    client = APIClient()
    anonymous = client.get("/api/docs/")
    client.force_login(user)
    logged_in = client.get("/api/docs/")

    for response in (anonymous, logged_in):
        assert response.status_code == 200
        html = response.content.decode()
        assert "swagger-ui" in html
        assert "drf_spectacular_sidecar" in html  # served locally: the docs work offline


def test_browsable_api_renders(user, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    client = APIClient()
    client.force_login(user)
    pages = [
        "/api/",
        "/api/groups/",
        f"/api/groups/{group.pk}/",
        f"/api/groups/{group.pk}/balances/",
        f"/api/groups/{group.pk}/members/",
        f"/api/groups/{group.pk}/members/{kid.pk}/",
        f"/api/groups/{group.pk}/expenses/",
        f"/api/groups/{group.pk}/payments/",
        f"/api/groups/{group.pk}/rates/",
        f"/api/groups/{group.pk}/categories/",
        f"/api/groups/{group.pk}/statistics/",
        f"/api/groups/{group.pk}/expenses/{expense.pk}/comments/",
    ]

    for page in pages:
        response = client.get(page, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, page
