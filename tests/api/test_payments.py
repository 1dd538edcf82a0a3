import pytest

from groups.models import Expense, Share
from groups.services.members import member_deactivate
from groups.services.payments import payment_create
from tests.api.paths import group_path
from tests.factories import GroupFactory, GuestFactory, UserFactory, add_expense

pytestmark = pytest.mark.django_db


def rows():
    return (
        list(Expense.objects.order_by("pk").values_list("pk", "amount")),
        list(Share.objects.order_by("pk").values_list("pk", "member_id", "paid", "owed")),
    )


def test_record_a_payment(api, group, ann, kid):
    response = api.post(
        group_path(group, "payments"),
        {"from_member": kid.pk, "to_member": ann.pk, "amount": "30.00", "date": "2024-05-01"},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["amount"], body["date"]) == ("payment", "30.00", "2024-05-01")
    assert body["description"] == "Kid paid ann"
    assert body["shares"] == [
        {"member": kid.pk, "paid": "30.00", "owed": "0.00"},
        {"member": ann.pk, "paid": "0.00", "owed": "30.00"},
    ]


def test_a_payment_appears_among_the_expenses_and_settles(api, group, ann, kid):
    add_expense(group, ann, [ann, kid], amount="60.00")

    response = api.post(
        group_path(group, "payments"),
        {"from_member": kid.pk, "to_member": ann.pk, "amount": "30.00", "description": "Cash"},
        format="json",
    )

    listed = api.get(f"/api/groups/{group.pk}/expenses/").json()["results"]
    assert (listed[0]["id"], listed[0]["kind"]) == (response.json()["id"], "payment")
    balances = api.get(f"/api/groups/{group.pk}/balances/").json()
    assert {m["member"]: m["balance"] for m in balances["members"]}[kid.pk] == "0.00"
    assert balances["settle_up"] == []


def test_list_and_retrieve_payments_only(api, group, ann, kid):
    add_expense(group, ann, [ann, kid])
    payment = payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="5.00"
    )

    listed = api.get(group_path(group, "payments")).json()

    assert [p["id"] for p in listed["results"]] == [payment.pk]
    assert api.get(group_path(group, "payments", payment)).json()["kind"] == "payment"


def test_any_member_records_a_payment(api_as, group, bob, kid):
    response = api_as(bob.user).post(
        group_path(group, "payments"),
        {"from_member": bob.pk, "to_member": kid.pk, "amount": 5},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["amount"] == "5.00"


@pytest.fixture
def bad_payments(group, ann, bob, kid):
    outsider = GuestFactory(group=GroupFactory(created_by=UserFactory(username="eve")))
    left = GuestFactory(group=group, name="Gone")
    member_deactivate(member=left, actor=ann)
    good = {"from_member": kid.pk, "to_member": ann.pk, "amount": "10.00"}
    return {
        "to oneself": ({**good, "to_member": kid.pk}, "to_member"),
        "payer unknown": ({**good, "from_member": 987654}, "from_member"),
        "payee unknown": ({**good, "to_member": 987654}, "to_member"),
        "payer in another group": ({**good, "from_member": outsider.pk}, "from_member"),
        "payee in another group": ({**good, "to_member": outsider.pk}, "to_member"),
        "payee who left": ({**good, "to_member": left.pk}, "to_member"),
        "payer id as a string": ({**good, "from_member": str(kid.pk)}, "from_member"),
        "payer id too large": ({**good, "from_member": 2**63}, "from_member"),
        "payer missing": ({"to_member": ann.pk, "amount": "1.00"}, "from_member"),
        "amount negative": ({**good, "amount": "-10.00"}, "amount"),
        "amount zero": ({**good, "amount": "0.00"}, "amount"),
        "amount non-numeric": ({**good, "amount": "ten"}, "amount"),
        "amount NaN": ({**good, "amount": "NaN"}, "amount"),
        "amount Infinity": ({**good, "amount": "Infinity"}, "amount"),
        "amount huge": ({**good, "amount": "10000000000.00"}, "amount"),
        "amount 3 decimals": ({**good, "amount": "10.001"}, "amount"),
        "amount missing": ({"from_member": kid.pk, "to_member": ann.pk}, "amount"),
        "bad date": ({**good, "date": "yesterday"}, "date"),
        "description too long": ({**good, "description": "x" * 201}, "description"),
        "body a list": ([good], "non_field_errors"),
        "body a string": ("pay", "non_field_errors"),
    }


PAYMENT_CASES = [
    "to oneself",
    "payer unknown",
    "payee unknown",
    "payer in another group",
    "payee in another group",
    "payee who left",
    "payer id as a string",
    "payer id too large",
    "payer missing",
    "amount negative",
    "amount zero",
    "amount non-numeric",
    "amount NaN",
    "amount Infinity",
    "amount huge",
    "amount 3 decimals",
    "amount missing",
    "bad date",
    "description too long",
    "body a list",
    "body a string",
]


@pytest.mark.parametrize("case", PAYMENT_CASES)
def test_bad_payments_are_refused(api, group, bad_payments, case):
    body, field = bad_payments[case]
    before = rows()

    response = api.post(group_path(group, "payments"), body, format="json")

    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    assert rows() == before


def test_every_bad_payment_class_is_tested(bad_payments):
    assert sorted(bad_payments) == sorted(PAYMENT_CASES)
