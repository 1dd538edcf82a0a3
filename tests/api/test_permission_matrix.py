"""Every endpoint against every kind of caller: the status each one gets.

Roles: ``anonymous`` (no credentials), ``outsider`` (signed in, not in the group), ``member``
(bob, a registered member) and ``admin`` (ann, who created the group). ``{me}`` in a path or
body is the caller's own member id (the guest's for callers who have none).
"""

from datetime import date

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from groups.services.comments import comment_add
from groups.services.expenses import expense_delete
from groups.services.invites import invite_create
from groups.services.payments import payment_create
from tests.factories import GuestFactory, UserFactory, add_expense, add_repeating_expense

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "member", "admin")
G = "/api/groups/{group}"

# (endpoint, method, path, body, expected status for each of ROLES)
MATRIX = [
    ("groups list", "get", "/api/groups/", None, (401, 200, 200, 200)),
    ("group create", "post", "/api/groups/", {"name": "New"}, (401, 201, 201, 201)),
    ("group retrieve", "get", f"{G}/", None, (401, 404, 200, 200)),
    ("group rename", "patch", f"{G}/", {"name": "Renamed"}, (401, 404, 403, 200)),
    ("group replace", "put", f"{G}/", {"name": "Renamed"}, (401, 404, 403, 200)),
    ("group delete", "delete", f"{G}/", None, (401, 404, 403, 204)),
    ("balances", "get", f"{G}/balances/", None, (401, 404, 200, 200)),
    ("members list", "get", f"{G}/members/", None, (401, 404, 200, 200)),
    ("member add", "post", f"{G}/members/", {"name": "New guest"}, (401, 404, 201, 201)),
    ("member retrieve", "get", f"{G}/members/{{kid}}/", None, (401, 404, 200, 200)),
    ("member rename self", "patch", f"{G}/members/{{me}}/", {"name": "Me"}, (401, 404, 200, 200)),
    ("member rename other", "patch", f"{G}/members/{{kid}}/", {"name": "K"}, (401, 404, 403, 200)),
    ("member promote", "patch", f"{G}/members/{{bob}}/", {"role": "admin"}, (401, 404, 403, 200)),
    ("member remove", "delete", f"{G}/members/{{spare}}/", None, (401, 404, 403, 204)),
    (
        "manager claim guest",
        "put",
        f"{G}/members/{{kid}}/manager/",
        {"manager": "{me}"},
        (401, 404, 200, 200),
    ),
    (
        "manager set on a user",
        "put",
        f"{G}/members/{{ann}}/manager/",
        {"manager": "{bob}"},
        (401, 404, 403, 200),
    ),
    ("manager clear", "delete", f"{G}/members/{{kid}}/manager/", None, (401, 404, 403, 204)),
    ("expenses list", "get", f"{G}/expenses/", None, (401, 404, 200, 200)),
    (
        "expense create",
        "post",
        f"{G}/expenses/",
        {
            "description": "Taxi",
            "amount": "12.00",
            "paid_by": "{me}",
            "split": "equal",
            "participants": [{"member": "{me}"}, {"member": "{kid}"}],
        },
        (401, 404, 201, 201),
    ),
    ("expense retrieve", "get", f"{G}/expenses/{{expense}}/", None, (401, 404, 200, 200)),
    (
        "expense edit",
        "patch",
        f"{G}/expenses/{{expense}}/",
        {"description": "Late dinner"},
        (401, 404, 200, 200),
    ),
    ("expense delete", "delete", f"{G}/expenses/{{expense}}/", None, (401, 404, 204, 204)),
    ("payments list", "get", f"{G}/payments/", None, (401, 404, 200, 200)),
    (
        "payment create",
        "post",
        f"{G}/payments/",
        {"from_member": "{kid}", "to_member": "{me}", "amount": "5.00"},
        (401, 404, 201, 201),
    ),
    ("payment retrieve", "get", f"{G}/payments/{{payment}}/", None, (401, 404, 200, 200)),
    ("trash list", "get", f"{G}/expenses/?deleted=true", None, (401, 404, 200, 200)),
    ("expense restore", "post", f"{G}/expenses/{{trashed}}/restore/", None, (401, 404, 200, 200)),
    ("expense history", "get", f"{G}/expenses/{{expense}}/activity/", None, (401, 404, 200, 200)),
    ("activity", "get", f"{G}/activity/", None, (401, 404, 200, 200)),
    ("series list", "get", f"{G}/recurring/", None, (401, 404, 200, 200)),
    ("series retrieve", "get", f"{G}/recurring/{{series}}/", None, (401, 404, 200, 200)),
    ("series stop", "delete", f"{G}/recurring/{{series}}/", None, (401, 404, 204, 204)),
    ("series resume", "post", f"{G}/recurring/{{series}}/resume/", None, (401, 404, 200, 200)),
    ("invite read", "get", f"{G}/invite/", None, (401, 404, 403, 200)),
    ("invite make", "post", f"{G}/invite/", None, (401, 404, 403, 201)),
    ("invite disable", "delete", f"{G}/invite/", None, (401, 404, 403, 204)),
    ("invite show", "get", "/api/invites/{token}/", None, (401, 200, 200, 200)),
    ("invite join", "post", "/api/invites/{token}/join/", {}, (401, 201, 200, 200)),
    (
        "invite claim",
        "post",
        "/api/invites/{token}/join/",
        {"claim": "{spare}"},
        (401, 201, 400, 400),
    ),
    ("rates list", "get", f"{G}/rates/", None, (401, 404, 200, 200)),
    (
        "rate add",
        "post",
        f"{G}/rates/",
        {"currency": "USD", "rate": "0.92"},
        (401, 404, 201, 201),
    ),
    ("categories list", "get", f"{G}/categories/", None, (401, 404, 200, 200)),
    ("category add", "post", f"{G}/categories/", {"name": "Boat"}, (401, 404, 201, 201)),
    ("comments list", "get", f"{G}/expenses/{{expense}}/comments/", None, (401, 404, 200, 200)),
    (
        "comment add",
        "post",
        f"{G}/expenses/{{expense}}/comments/",
        {"text": "Nice"},
        (401, 404, 201, 201),
    ),
    (
        "comment delete, the admin's",
        "delete",
        f"{G}/expenses/{{expense}}/comments/{{ann_comment}}/",
        None,
        (401, 404, 403, 204),
    ),
    (
        "comment delete, the member's",
        "delete",
        f"{G}/expenses/{{expense}}/comments/{{bob_comment}}/",
        None,
        (401, 404, 204, 204),
    ),
    ("statistics", "get", f"{G}/statistics/", None, (401, 404, 200, 200)),
    (
        "register",
        "post",
        "/api/auth/register/",
        {"username": "new-{me}", "password": "a-long-unusual-passphrase"},
        (201, 201, 201, 201),
    ),
    (
        "token",
        "post",
        "/api/auth/token/",
        {"username": "ann", "password": "correct-horse-battery"},
        (200, 200, 200, 200),
    ),
]


@pytest.fixture
def world(group, ann, bob, kid):
    """A group with an admin, a member, two guests, an expense with a comment by each of the
    two, and a payment; an outsider."""
    cache.clear()  # throttle counts of earlier tests
    spare = GuestFactory(group=group, name="Spare")
    expense = add_expense(group, ann, [ann, bob, kid], amount="30.00")
    payment = payment_create(
        group=group, created_by=None, from_member_id=bob.pk, to_member_id=ann.pk, amount="4.00"
    )
    trashed = add_expense(group, bob, [ann, bob], amount="8.00")
    expense_delete(expense=trashed)
    series = add_repeating_expense(group, ann, [ann, kid], first=date(2026, 1, 1))
    ids = {
        "group": group.pk,
        "ann": ann.pk,
        "bob": bob.pk,
        "kid": kid.pk,
        "spare": spare.pk,
        "expense": expense.pk,
        "payment": payment.pk,
        "trashed": trashed.pk,
        "series": series.started_series.pk,
        "token": invite_create(group=group, actor=ann).token,
        "ann_comment": comment_add(expense=expense, author=ann.user, text="Mine").pk,
        "bob_comment": comment_add(expense=expense, author=bob.user, text="His").pk,
    }
    users = {"outsider": UserFactory(username="eve"), "member": bob.user, "admin": ann.user}
    me = {"anonymous": kid.pk, "outsider": kid.pk, "member": bob.pk, "admin": ann.pk}
    yield ids, users, me
    cache.clear()


def fill(value, ids):
    """``value`` with every "{name}" replaced; a string that is only "{name}" becomes the id."""
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, ids) for item in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, str):
        return value.format(**ids)
    return value


@pytest.mark.parametrize("role_index, role", list(enumerate(ROLES)))
@pytest.mark.parametrize(
    "method, path, body, expected", [case[1:] for case in MATRIX], ids=[case[0] for case in MATRIX]
)
def test_permission_matrix(world, api_as, role_index, role, method, path, body, expected):
    ids, users, me = world
    ids = {**ids, "me": me[role]}
    client = APIClient() if role == "anonymous" else api_as(users[role])

    response = getattr(client, method)(fill(path, ids), fill(body, ids), format="json")

    assert response.status_code == expected[role_index], response.content[:300]
    if response.status_code == 401:
        assert response["WWW-Authenticate"] == "Token"
