"""The schema documents every error an operation can answer, and the limits it enforces."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/", {"format": "json"}).json()


def responses(schema, path, method):
    return schema["paths"][path][method]["responses"]


def test_each_operation_lists_its_error_answers(schema):
    expenses = "/api/groups/{group_pk}/expenses/"

    assert set(responses(schema, expenses, "post")) == {
        "201", "400", "401", "403", "404", "413", "415"
    }  # fmt: skip
    assert set(responses(schema, expenses, "get")) == {"200", "400", "401", "404"}
    assert set(responses(schema, "/api/groups/{group_pk}/members/", "post")) >= {"409", "429"}
    assert set(responses(schema, "/api/auth/token/", "post")) == {
        "200", "400", "413", "415", "429"
    }  # fmt: skip
    assert "400" not in responses(schema, "/api/groups/{id}/balances/", "get")


def test_a_429_promises_retry_after(schema):
    throttled = responses(schema, "/api/auth/register/", "post")["429"]

    assert throttled["headers"]["Retry-After"]["required"] is True


def test_a_400_names_the_fields_a_well_formed_body_can_be_refused_for(schema):
    refused = responses(schema, "/api/groups/{group_pk}/expenses/", "post")["400"]

    assert {"amount", "participants", "paid_by"} <= set(refused["x-rule-fields"])
    assert "percentages" in refused["description"]
    assert responses(schema, "/api/groups/", "get")["400"]["x-rule-fields"] == []


def test_the_limits_of_queries_and_bodies_are_in_the_schema(schema):
    operation = schema["paths"]["/api/groups/{group_pk}/expenses/"]["get"]
    query = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
    body = schema["components"]["schemas"]["ExpenseWriteRequest"]["properties"]

    assert query["page"]["minimum"] == 1
    assert (query["payer"]["minimum"], query["payer"]["maximum"]) == (1, 2**63 - 1)
    assert body["participants"]["minItems"] == 1
    assert body["date"]["pattern"].startswith("^(19")
    assert body["amount"]["oneOf"][0]["pattern"] == r"^-?[0-9]+(\.[0-9]+)?$"  # no "+", no spaces
