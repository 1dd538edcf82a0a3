"""Fuzzing: schemathesis sends every operation of the OpenAPI schema valid and invalid input.

It calls the WSGI application in-process as the admin of a seeded group (so it may do
anything a member may), with ids in paths and bodies steered to real objects part of the
time. Each example runs in a savepoint rolled back afterwards, so every example starts from
the same data and a failure replays exactly. The checks: no 5xx, every response conforms to
the schema (status, body, headers, content type), input the schema forbids is refused with a
4xx, and input it allows is accepted unless refused for a rule the schema names.

30 examples an operation keep the suite quick; for a deeper search run for instance
``FUZZ_EXAMPLES=200 FUZZ_RANDOM=1 .venv/bin/pytest tests/test_fuzz_api.py`` (FUZZ_RANDOM
draws new examples each run instead of the same ones). What such runs found is pinned below.
"""

import datetime
import os
from contextlib import contextmanager
from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from groups.services.categories import category_create
from groups.services.comments import comment_add
from groups.services.expenses import expense_delete
from groups.services.invites import invite_create
from groups.services.managers import member_set_manager
from groups.services.payments import payment_create
from groups.services.rates import rate_set
from splitwise.wsgi import application
from tests.factories import (
    GroupFactory,
    GuestFactory,
    UserFactory,
    UserMemberFactory,
    add_expense,
    add_repeating_expense,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def invalid_input_rejected(ctx, response, case):
    """Input the schema forbids gets a 4xx; an empty query parameter may read as absent.

    ``?page=`` or ``?date_after=`` is how an HTML form sends an empty field, and DRF and
    django-filter ignore it on purpose; every other violation, in any place, must be refused.
    """
    negative = {where for where, part in case.meta.components.items() if part.mode.is_negative}
    if negative == {ParameterLocation.QUERY} and "" in (case.query or {}).values():
        return None
    return negative_data_rejection(ctx, response, case)


def valid_input_accepted(ctx, response, case):
    """Input the schema allows is accepted, unless refused for a rule the schema names.

    Some rules depend on the group's data (who is a member, whether percentages add up to
    100), which no schema can state; each operation lists in its 400 answer's
    ``x-rule-fields`` the fields such a rule can refuse. A 400 naming anything else means the
    schema hid a constraint.
    """
    if response.status_code == 400 and case.meta is not None:
        if case.meta.generation.mode.is_positive:
            documented = case.operation.definition.raw["responses"]["400"]["x-rule-fields"]
            refused = set(response.json())
            assert refused <= set(documented), (
                f"A request the schema allows was refused for {sorted(refused)}, "
                f"but only {documented} may be: {response.json()}"
            )
        return None
    return positive_data_acceptance(ctx, response, case)


CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    response_headers_conformance,
    content_type_conformance,
    invalid_input_rejected,
    status_code_conformance,
    valid_input_accepted,
]
CONFIG = schemathesis.Config.from_dict(
    {"generation": {"deterministic": True}, "phases": {"coverage": {"enabled": True}}}
)
ID_FIELDS = {"paid_by", "from_member", "to_member", "manager", "member", "claim"}


@pytest.fixture
def seeded(group, ann, bob, kid):
    """A group with a household, expenses and a payment, and a group the caller is not in."""
    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)
    spare = GuestFactory(group=group, name="Spare")
    expense = add_expense(group, ann, [ann, bob, kid], amount="30.00")
    payment = payment_create(
        group=group, created_by=None, from_member_id=bob.pk, to_member_id=ann.pk, amount="4.00"
    )
    trashed = add_expense(group, bob, [ann, bob], amount="8.00")
    expense_delete(expense=trashed)
    series = add_repeating_expense(group, ann, [ann, kid], first=date(2026, 1, 1))
    other = GroupFactory(name="Elsewhere", created_by=UserFactory(username="eve"))
    outsider = UserMemberFactory(group=other, user=UserFactory(username="zed"))
    members = [ann.pk, bob.pk, kid.pk, spare.pk]
    rate_set(group=group, currency="USD", rate="0.9", date=datetime.date(2020, 1, 1))
    category_create(group=group, name="Boat")
    mine = comment_add(expense=expense, author=ann.user, text="Nice")
    theirs = comment_add(expense=expense, author=bob.user, text="Thanks")
    return {
        "token": Token.objects.get_or_create(user=ann.user)[0].key,
        # Real ids most of the time; now and then another group's, or whatever was generated.
        "group": [group.pk, group.pk, group.pk, other.pk],
        "members": [*members, *members, outsider.pk],
        "expenses": [expense.pk, expense.pk, payment.pk, trashed.pk],
        "payments": [payment.pk, payment.pk, expense.pk],
        "recurring": [series.started_series.pk, series.started_series.pk, expense.pk],
        "invite": invite_create(group=group, actor=ann).token,
        "comments": [mine.pk, theirs.pk, mine.pk],
    }


def steer(value, candidates):
    """A small generated integer mapped onto ``candidates``; other values are kept as they are."""
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 2**31:
        return value
    return candidates[value % len(candidates)]


@pytest.fixture
def in_process_requests():
    """Keep the test's connection open across requests, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(seeded, in_process_requests, monkeypatch, settings):
    # A server error then fails the test with its traceback, not just a bare 500.
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True
    # The throttle would answer 429 to a fuzzer registering accounts at full speed.
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "auth", "1000000/min")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "login_account", "1000000/min")
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)

    @schema.hook
    def map_case(context, case):
        # Only the parts generated as valid are steered: steering an invalid value (say a
        # member id of 0) onto a real id would make it valid behind the checker's back.
        invalid = {where for where, part in case.meta.components.items() if part.mode.is_negative}
        if ParameterLocation.PATH not in invalid and isinstance(case.path_parameters, dict):
            case.path_parameters = steer_path(case.operation.path, case.path_parameters)
        if ParameterLocation.BODY not in invalid and case.body is not NOT_SET:
            case.body = steer_body(case.body)
        return case

    def steer_path(path, parameters):
        # The collection an {id} belongs to is the last one named before it.
        collections = ("members", "expenses", "payments", "recurring", "comments")
        kind = next((k for k in reversed(path.split("/")) if k in collections), None)
        steered = dict(parameters)
        if isinstance(steered.get("token"), str) and len(steered["token"]) % 3:
            steered["token"] = seeded["invite"]  # two times in three: the group's real link
        if "group_pk" in steered:
            steered["group_pk"] = steer(steered["group_pk"], seeded["group"])
            if "expense_pk" in steered:
                steered["expense_pk"] = steer(steered["expense_pk"], seeded["expenses"])
            if kind and "id" in steered:
                steered["id"] = steer(steered["id"], seeded[kind])
        elif "id" in steered:
            steered["id"] = steer(steered["id"], seeded["group"])
        return steered

    def steer_body(value, key=None):
        if isinstance(value, dict):
            return {k: steer_body(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [steer_body(v, key) for v in value]
        return steer(value, seeded["members"]) if key in ID_FIELDS else value

    return schema


@contextmanager
def rolled_back():
    """Run one example in a savepoint and undo it, so every example sees the seeded data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis_settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "30")),
    deadline=None,
    derandomize=os.environ.get("FUZZ_RANDOM") is None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_request_within_its_schema(case, seeded):
    with rolled_back():
        response = case.call(headers={"Authorization": f"Token {seeded['token']}"})
    case.validate_response(response, checks=CHECKS)


# --- what the fuzzer found ---------------------------------------------------------------------


@pytest.fixture
def expense(group, ann, bob):
    return add_expense(group, ann, [ann, bob], amount="30.00")


@pytest.mark.parametrize("field", ["participants", "payers"])
def test_a_patch_may_omit_a_list_but_not_half_an_item(api, group, expense, field):
    # Found as a 500: DRF passed the PATCH's partial down to the items, so {} lacked "member".
    url = f"/api/groups/{group.pk}/expenses/{expense.pk}/"

    response = api.patch(url, {"description": "Lunch", field: [{}]}, format="json")

    assert response.status_code == 400
    assert "member" in response.json()[field]["0"]  # ListField keys item errors by index


def test_a_name_is_measured_as_sent_not_as_trimmed(api, group):
    # Found accepted: 101 characters whose first is whitespace (here a separator control
    # character), trimmed to 100 after the schema's maxLength had been passed.
    response = api.post("/api/groups/", {"name": "\x1d" + "x" * 100}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()
    assert api.post("/api/groups/", {"name": " Flat "}, format="json").json()["name"] == "Flat"
