"""The activity log: one entry for every successful write, through every write endpoint, and
none for a refused one or a read."""

import pytest

from groups.models import Activity, GroupMember
from tests.api.ledger_world import build_world, fill

pytestmark = pytest.mark.django_db

G = "/api/groups/{group}"
EXPENSE = {
    "description": "Taxi",
    "amount": "12.00",
    "paid_by": "{ann}",
    "split": "equal",
    "participants": [{"member": "{ann}"}, {"member": "{kid}"}],
}
MONTHLY = {**EXPENSE, "date": "2026-03-01", "repeat": {"every": "month"}}

# (endpoint, caller, method, path, body, status, action) for a write that succeeds, and
# (caller, method, path, body, status) for one refused (a 400 where the endpoint has one).
WRITES = [
    (
        "group create",
        ("ann", "post", "/api/groups/", {"name": "Flat"}, 201, "group.created"),
        ("ann", "post", "/api/groups/", {"name": "Flat", "currency": "E1"}, 400),
    ),
    (
        "group update",
        ("ann", "patch", f"{G}/", {"name": "Trip 2"}, 200, "group.updated"),
        ("ann", "patch", f"{G}/", {"currency": "E1"}, 400),
    ),
    (
        "group replace",
        ("ann", "put", f"{G}/", {"name": "Trip 2"}, 200, "group.updated"),
        ("ann", "put", f"{G}/", {"name": "Trip 2", "currency": "1"}, 400),
    ),
    (
        "group delete",
        ("ann", "delete", f"{G}/", None, 204, "group.deleted"),
        ("bob", "delete", f"{G}/", None, 403),
    ),
    (
        "member add",
        ("bob", "post", f"{G}/members/", {"name": "Nan"}, 201, "member.added"),
        ("bob", "post", f"{G}/members/", {"name": "Spare"}, 400),
    ),
    (
        "member update",
        ("ann", "patch", f"{G}/members/{{spare}}/", {"role": "admin"}, 200, "member.updated"),
        ("ann", "patch", f"{G}/members/{{spare}}/", {"name": "Kid"}, 400),
    ),
    (
        "member replace",
        ("ann", "put", f"{G}/members/{{spare}}/", {"name": "Sparrow"}, 200, "member.updated"),
        ("ann", "put", f"{G}/members/{{spare}}/", {"active": False}, 400),
    ),
    (
        "member remove",
        ("ann", "delete", f"{G}/members/{{spare}}/", None, 204, "member.removed"),
        ("ann", "delete", f"{G}/members/{{kid}}/", None, 400),  # Kid owes 10.00
    ),
    (
        "manager set",
        ("ann", "put", f"{G}/members/{{spare}}/manager/", {"manager": "{bob}"}, 200, "manager.set"),
        ("ann", "put", f"{G}/members/{{spare}}/manager/", {"manager": "{kid}"}, 400),
    ),
    (
        "manager clear",
        ("ann", "delete", f"{G}/members/{{kid}}/manager/", None, 204, "manager.cleared"),
        ("bob", "delete", f"{G}/members/{{kid}}/manager/", None, 403),
    ),
    (
        "expense create",
        ("bob", "post", f"{G}/expenses/", EXPENSE, 201, "expense.created"),
        ("bob", "post", f"{G}/expenses/", {**EXPENSE, "participants": [{"member": "{gone}"}]}, 400),
    ),
    (
        "expense create repeating",
        ("bob", "post", f"{G}/expenses/", MONTHLY, 201, "recurring.created"),
        (
            "bob",
            "post",
            f"{G}/expenses/",
            {**MONTHLY, "repeat": {"every": "month", "until": "2026-02-01"}},
            400,
        ),
    ),
    (
        "expense update",
        (
            "bob",
            "patch",
            f"{G}/expenses/{{expense}}/",
            {
                "amount": "31.00",
                "split": "equal",
                "paid_by": "{bob}",
                "participants": [{"member": "{bob}"}],
            },
            200,
            "expense.updated",
        ),
        ("bob", "patch", f"{G}/expenses/{{expense}}/", {"amount": "31.00"}, 400),
    ),
    (
        "expense replace",
        ("bob", "put", f"{G}/expenses/{{expense}}/", EXPENSE, 200, "expense.updated"),
        ("bob", "put", f"{G}/expenses/{{with_gone}}/", EXPENSE, 400),
    ),
    (
        "expense delete",
        ("bob", "delete", f"{G}/expenses/{{expense}}/", None, 204, "expense.deleted"),
        ("bob", "delete", f"{G}/expenses/{{with_gone}}/", None, 400),
    ),
    (
        "expense restore",
        ("bob", "post", f"{G}/expenses/{{trashed}}/restore/", None, 200, "expense.restored"),
        ("bob", "post", f"{G}/expenses/{{trashed_with_gone}}/restore/", None, 400),
    ),
    (
        "payment create",
        (
            "bob",
            "post",
            f"{G}/payments/",
            {"from_member": "{bob}", "to_member": "{kid}", "amount": "3.00"},
            201,
            "payment.created",
        ),
        (
            "bob",
            "post",
            f"{G}/payments/",
            {"from_member": "{bob}", "to_member": "{bob}", "amount": "3.00"},
            400,
        ),
    ),
    (
        "series stop",
        ("bob", "delete", f"{G}/recurring/{{running}}/", None, 204, "recurring.stopped"),
        ("bob", "delete", f"{G}/recurring/999999/", None, 404),
    ),
    (
        "series resume",
        ("bob", "post", f"{G}/recurring/{{paused}}/resume/", None, 200, "recurring.resumed"),
        ("bob", "post", f"{G}/recurring/{{stopped}}/resume/", None, 400),
    ),
    (
        "comment add",
        (
            "bob",
            "post",
            f"{G}/expenses/{{expense}}/comments/",
            {"text": "Hi"},
            201,
            "comment.added",
        ),
        ("bob", "post", f"{G}/expenses/{{expense}}/comments/", {"text": "  "}, 400),
    ),
    (
        "comment delete",
        (
            "bob",
            "delete",
            f"{G}/expenses/{{expense}}/comments/{{comment}}/",
            None,
            204,
            "comment.deleted",
        ),
        ("eve", "delete", f"{G}/expenses/{{expense}}/comments/{{comment}}/", None, 404),
    ),
    (
        "rate set",
        ("bob", "post", f"{G}/rates/", {"currency": "USD", "rate": "0.9"}, 201, "rate.set"),
        ("bob", "post", f"{G}/rates/", {"currency": "EUR", "rate": "0.9"}, 400),
    ),
    (
        "category create",
        ("bob", "post", f"{G}/categories/", {"name": "Boat"}, 201, "category.created"),
        ("bob", "post", f"{G}/categories/", {"name": "Food"}, 400),
    ),
    (
        "invite create",
        ("ann", "post", f"{G}/invite/", None, 201, "invite.created"),
        ("bob", "post", f"{G}/invite/", None, 403),
    ),
    (
        "invite disable",
        ("ann", "delete", f"{G}/invite/", None, 204, "invite.disabled"),
        ("bob", "delete", f"{G}/invite/", None, 403),
    ),
    (
        "invite join",
        ("eve", "post", "/api/invites/{token}/join/", {}, 201, "member.joined"),
        ("eve", "post", "/api/invites/{token}/join/", {"claim": "{bob}"}, 400),
    ),
    (
        "invite claim",
        ("eve", "post", "/api/invites/{token}/join/", {"claim": "{spare}"}, 201, "member.claimed"),
        ("eve", "post", "/api/invites/{token}/join/", {"claim": "{gone}"}, 400),
    ),
]


@pytest.fixture
def world(group, ann, bob, kid):
    return build_world(group, ann, bob, kid)


def call(api_as, world, caller, method, path, body):
    user = world["eve"] if caller == "eve" else GroupMember.objects.get(pk=world[caller]).user
    ids = {k: v for k, v in world.items() if k != "eve"}
    return getattr(api_as(user), method)(fill(path, ids), fill(body, ids), format="json")


@pytest.mark.parametrize(
    ("success", "refusal"), [w[1:] for w in WRITES], ids=[w[0] for w in WRITES]
)
def test_a_write_records_one_entry_and_a_refused_one_none(api_as, world, success, refusal):
    caller, method, path, body, status = refusal
    last = Activity.objects.order_by("-pk").values_list("pk", flat=True).first()

    refused = call(api_as, world, caller, method, path, body)

    assert refused.status_code == status, refused.content[:300]
    assert not Activity.objects.filter(pk__gt=last).exists()

    caller, method, path, body, status, action = success
    done = call(api_as, world, caller, method, path, body)

    assert done.status_code == status, done.content[:300]
    [entry] = Activity.objects.filter(pk__gt=last)
    assert entry.action == action


def test_reads_record_nothing(api_as, world, ann):
    client = api_as(ann.user)
    before = Activity.objects.count()
    g = world["group"]
    for path in [
        f"/api/groups/{g}/",
        f"/api/groups/{g}/balances/",
        f"/api/groups/{g}/members/",
        f"/api/groups/{g}/expenses/",
        f"/api/groups/{g}/expenses/?deleted=true",
        f"/api/groups/{g}/expenses/{world['expense']}/activity/",
        f"/api/groups/{g}/payments/",
        f"/api/groups/{g}/recurring/",
        f"/api/groups/{g}/activity/",
        f"/api/groups/{g}/invite/",
        f"/api/invites/{world['token']}/",
    ]:
        assert client.get(path).status_code == 200, path
    assert Activity.objects.count() == before


def test_joining_when_already_a_member_records_nothing(api_as, world, bob):
    before = Activity.objects.count()

    response = api_as(bob.user).post(f"/api/invites/{world['token']}/join/", {}, format="json")

    assert response.status_code == 200
    assert Activity.objects.count() == before


def test_registering_an_account_is_no_group_activity(client):
    response = client.post(
        "/api/auth/register/",
        {"username": "newcomer", "password": "a-long-unusual-passphrase"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert not Activity.objects.exists()
