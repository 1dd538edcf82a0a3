"""The activity log as read: newest first, paginated, before and after, an expense's history."""

import pytest

from tests.api.ledger_world import fill
from tests.api.paths import group_path
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXPENSE = {
    "description": "Taxi",
    "amount": "12.00",
    "paid_by": "{ann}",
    "split": "equal",
    "participants": [{"member": "{ann}"}, {"member": "{kid}"}],
}


def test_the_log_is_newest_first_in_the_documented_shape(api, group, ann, kid):
    api.patch(group_path(group), {"name": "Lisbon"}, format="json")
    api.post(group_path(group, "members"), {"name": "Nan"}, format="json")

    body = api.get(group_path(group, "activity")).json()

    assert body["count"] == 3  # created the group, renamed it, added Nan
    newest, renamed = body["results"][:2]
    nan = group.members.get(name="Nan")
    assert newest == {
        "id": newest["id"],
        "at": newest["at"],
        "actor": {"id": ann.user_id, "username": "ann"},
        "action": "member.added",
        "object": {"type": "member", "id": nan.pk},
        "summary": "ann added Nan (a guest)",
        "changes": {},
    }
    assert renamed["action"] == "group.updated"
    assert renamed["object"] == {"type": "group", "id": group.pk}
    assert renamed["changes"] == {"name": {"before": "Trip", "after": "Lisbon"}}
    assert body["results"][2]["action"] == "group.created"
    assert body["results"][2]["summary"] == "ann created the group Trip"


def test_the_log_is_paginated(api, group, ann):
    for n in range(55):
        api.post(group_path(group, "members"), {"name": f"Guest {n}"}, format="json")

    first = api.get(group_path(group, "activity")).json()
    second = api.get(group_path(group, "activity") + "?page=2").json()

    assert first["count"] == 56
    assert len(first["results"]) == 50 and len(second["results"]) == 6
    ids = [e["id"] for e in first["results"] + second["results"]]
    assert ids == sorted(ids, reverse=True)


def test_an_expense_update_keeps_before_and_after(api, group, ann, kid):
    created = api.post(
        group_path(group, "expenses"),
        {**fill(EXPENSE, {"ann": ann.pk, "kid": kid.pk}), "description": "Dinner"},
        format="json",
    ).json()

    api.patch(
        group_path(group, "expenses", created["id"]),
        {
            "description": "Late dinner",
            "amount": "20.00",
            "split": "exact",
            "paid_by": ann.pk,
            "participants": [
                {"member": ann.pk, "value": "5.00"},
                {"member": kid.pk, "value": "15.00"},
            ],
        },
        format="json",
    )

    history = api.get(group_path(group, "expenses", created["id"], "activity")).json()
    assert [e["action"] for e in history] == ["expense.updated", "expense.created"]
    changes = history[0]["changes"]
    assert changes["description"] == {"before": "Dinner", "after": "Late dinner"}
    assert changes["amount"] == {"before": "12.00", "after": "20.00"}
    assert changes["split"] == {"before": "equal", "after": "exact"}
    assert changes["shares"]["before"] == [
        {"member": ann.pk, "name": "ann", "paid": "12.00", "owed": "6.00"},
        {"member": kid.pk, "name": "Kid", "paid": "0.00", "owed": "6.00"},
    ]
    assert changes["shares"]["after"] == [
        {"member": ann.pk, "name": "ann", "paid": "20.00", "owed": "5.00"},
        {"member": kid.pk, "name": "Kid", "paid": "0.00", "owed": "15.00"},
    ]
    assert "date" not in changes and "category" not in changes


def test_an_expense_history_follows_it_into_the_trash_and_back(api, group, ann, kid):
    created = api.post(
        group_path(group, "expenses"), fill(EXPENSE, {"ann": ann.pk, "kid": kid.pk}), format="json"
    ).json()
    api.delete(group_path(group, "expenses", created["id"]))
    api.post(group_path(group, "expenses", created["id"], "restore"))

    history = api.get(group_path(group, "expenses", created["id"], "activity")).json()

    assert [e["action"] for e in history] == [
        "expense.restored",
        "expense.deleted",
        "expense.created",
    ]
    assert history[1]["summary"] == "ann moved Taxi (12.00) to the trash"


def test_another_groups_log_is_not_found(api_as, group):
    outsider = api_as(UserFactory(username="eve"))

    assert outsider.get(group_path(group, "activity")).status_code == 404
