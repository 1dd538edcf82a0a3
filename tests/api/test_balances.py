import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.utils.encoders import JSONEncoder

from groups.api.serializers.balances import BalanceSheetSerializer
from groups.selectors.balances import group_balance_sheet
from groups.services.groups import group_delete
from groups.services.managers import member_set_manager
from groups.services.members import member_deactivate
from tests.factories import GuestFactory, add_expense, bulk_expenses

pytestmark = pytest.mark.django_db


def balances(api, group):
    response = api.get(f"/api/groups/{group.pk}/balances/")
    assert response.status_code == 200
    return response.json()


def after_settling(sheet):
    """The aggregated balances once every proposed transfer is paid."""
    left = {party["member"]: Decimal(party["balance"]) for party in sheet["aggregated"]}
    for transfer in sheet["settle_up"]:
        assert Decimal(transfer["amount"]) >= Decimal("0.01")
        left[transfer["from"]] += Decimal(transfer["amount"])
        left[transfer["to"]] -= Decimal(transfer["amount"])
    return left


@pytest.fixture
def trip(api, group, ann, bob, kid):
    """Expenses of every split and a payment, all recorded over the API."""

    def post(path, body):
        response = api.post(f"/api/groups/{group.pk}/{path}/", body, format="json")
        assert response.status_code == 201, response.json()

    def expense(amount, paid_by, split, values):
        post(
            "expenses",
            {
                "description": split,
                "amount": amount,
                "paid_by": paid_by.pk,
                "split": split,
                "participants": [
                    {"member": m.pk} if v is None else {"member": m.pk, "value": v}
                    for m, v in values
                ],
            },
        )

    expense("90.00", ann, "equal", [(ann, None), (bob, None), (kid, None)])
    expense("40.00", bob, "exact", [(ann, "10.00"), (bob, "10.00"), (kid, "20.00")])
    expense("100.00", kid, "percent", [(ann, "50"), (bob, "25"), (kid, "25")])
    expense("12.00", ann, "shares", [(ann, "1"), (kid, "2")])
    post("payments", {"from_member": bob.pk, "to_member": ann.pk, "amount": "5.00"})


def test_members_balances_are_exact(api, group, ann, bob, kid, trip):
    sheet = balances(api, group)

    assert sheet["currency"] == "EUR"
    assert sheet["members"] == [
        {"member": ann.pk, "name": "ann", "balance": "3.00", "managed_by": None},
        {"member": bob.pk, "name": "bob", "balance": "-20.00", "managed_by": None},
        {"member": kid.pk, "name": "Kid", "balance": "17.00", "managed_by": None},
    ]
    assert sheet["aggregated"] == [
        {"member": ann.pk, "name": "ann", "balance": "3.00", "includes": []},
        {"member": bob.pk, "name": "bob", "balance": "-20.00", "includes": []},
        {"member": kid.pk, "name": "Kid", "balance": "17.00", "includes": []},
    ]
    assert sum(Decimal(p["balance"]) for p in sheet["aggregated"]) == 0
    assert sheet["settle_up"] == [
        {"from": bob.pk, "to": ann.pk, "amount": "3.00", "from_name": "bob", "to_name": "ann"},
        {"from": bob.pk, "to": kid.pk, "amount": "17.00", "from_name": "bob", "to_name": "Kid"},
    ]
    assert set(after_settling(sheet).values()) == {0}


def test_a_manager_settles_for_their_household_until_cleared(api, group, ann, bob, kid, trip):
    manager_url = f"/api/groups/{group.pk}/members/{kid.pk}/manager/"
    assert api.put(manager_url, {"manager": ann.pk}, format="json").status_code == 200

    managed = balances(api, group)

    assert {m["member"]: m["balance"] for m in managed["members"]} == {
        ann.pk: "3.00",
        bob.pk: "-20.00",
        kid.pk: "17.00",
    }
    assert managed["members"][2]["managed_by"] == {
        "type": "user",
        "id": ann.user_id,
        "member": ann.pk,
        "name": "ann",
    }
    assert managed["aggregated"] == [
        {"member": ann.pk, "name": "ann", "balance": "20.00", "includes": [kid.pk]},
        {"member": bob.pk, "name": "bob", "balance": "-20.00", "includes": []},
    ]
    assert managed["settle_up"] == [
        {"from": bob.pk, "to": ann.pk, "amount": "20.00", "from_name": "bob", "to_name": "ann"}
    ]
    assert set(after_settling(managed).values()) == {0}

    assert api.delete(manager_url).status_code == 204

    cleared = balances(api, group)
    assert [p["member"] for p in cleared["aggregated"]] == [ann.pk, bob.pk, kid.pk]
    assert all(p["includes"] == [] for p in cleared["aggregated"])
    assert len(cleared["settle_up"]) == 2


def test_a_guest_heads_a_household(api, group, ann, kid):
    baby = GuestFactory(group=group, name="Baby")
    member_set_manager(member=baby, actor=ann, manager_id=kid.pk)
    add_expense(group, ann, [ann, kid, baby], amount="30.00")

    sheet = balances(api, group)

    assert sheet["members"][2]["managed_by"] == {
        "type": "member",
        "id": kid.pk,
        "member": kid.pk,
        "name": "Kid",
    }
    assert sheet["aggregated"] == [
        {"member": ann.pk, "name": "ann", "balance": "20.00", "includes": []},
        {"member": kid.pk, "name": "Kid", "balance": "-20.00", "includes": [baby.pk]},
    ]
    assert sheet["settle_up"] == [
        {"from": kid.pk, "to": ann.pk, "amount": "20.00", "from_name": "Kid", "to_name": "ann"}
    ]


def test_an_empty_group(api, group, ann):
    assert balances(api, group) == {
        "currency": "EUR",
        "members": [{"member": ann.pk, "name": "ann", "balance": "0.00", "managed_by": None}],
        "aggregated": [{"member": ann.pk, "name": "ann", "balance": "0.00", "includes": []}],
        "settle_up": [],
    }


@pytest.mark.parametrize("case", ["outsider", "member who left", "unknown group", "deleted group"])
def test_a_group_out_of_sight_is_the_404_of_its_own_route(api_as, group, ann, bob, eve, case):
    """Only an active member reads the balances; to anyone else the group does not exist."""
    user, group_id = bob.user, group.pk
    assert api_as(user).get(f"/api/groups/{group_id}/balances/").status_code == 200
    if case == "outsider":
        user = eve
    elif case == "member who left":
        member_deactivate(member=bob, actor=ann)
    elif case == "unknown group":
        group_id += 1
    else:
        group_delete(group=group, actor=ann)
    client = api_as(user)

    response = client.get(f"/api/groups/{group_id}/balances/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No Group matches the given query."}
    assert response.json() == client.get(f"/api/groups/{group_id}/").json()


def test_balances_cost_the_same_queries_for_5_and_500_expenses(
    api, group, ann, bob, kid, django_assert_num_queries
):
    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)
    bulk_expenses(group, ann, [bob, kid], 5)
    balances(api, group)  # warm per-process caches (content types)
    with CaptureQueriesContext(connection) as five:
        balances(api, group)
    bulk_expenses(group, ann, [bob, kid], 495)

    with django_assert_num_queries(len(five)):
        sheet = balances(api, group)

    assert {m["member"]: m["balance"] for m in sheet["members"]} == {
        ann.pk: "1000.00",
        bob.pk: "-500.00",
        kid.pk: "-500.00",
    }
    assert sheet["aggregated"][1] == {
        "member": bob.pk,
        "name": "bob",
        "balance": "-1000.00",
        "includes": [kid.pk],
    }


def test_balances_beyond_the_largest_single_amount(api, group, ann, bob):
    for _ in range(2):
        add_expense(group, ann, [bob], amount="9999999999.99")

    sheet = balances(api, group)

    assert {m["member"]: m["balance"] for m in sheet["members"]} == {
        ann.pk: "19999999999.98",
        bob.pk: "-19999999999.98",
    }
    assert sheet["settle_up"][0]["amount"] == "19999999999.98"


def test_the_sheet_built_in_one_pass_is_what_the_declared_fields_give(api, group, ann, kid, trip):
    """The balances response is built directly for speed; field by field, DRF gives the same."""
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    sheet = group_balance_sheet(group)
    by_fields = serializers.Serializer.to_representation(BalanceSheetSerializer(), sheet)

    assert balances(api, group) == json_of(by_fields)
    assert sheet.settle_up and any(row.manager for row in sheet.members)


def json_of(data):
    return json.loads(json.dumps(data, cls=JSONEncoder))
