"""Recording, changing and deleting expenses over the API."""

import datetime
from decimal import Decimal

import pytest

from groups.models import Expense, Share
from groups.services.members import member_deactivate
from groups.services.payments import payment_create
from tests.api.paths import group_path
from tests.api.snapshots import expense_rows, participants, shares_of
from tests.factories import add_expense

pytestmark = pytest.mark.django_db


# --- create ------------------------------------------------------------------------------------


def test_create_in_the_documented_shape(api, group, ann, kid):
    response = api.post(
        group_path(group, "expenses"),
        {
            "description": "Dinner",
            "amount": "90.00",
            "paid_by": ann.pk,
            "split": "shares",
            "participants": [{"member": ann.pk, "value": "2"}, {"member": kid.pk, "value": "1"}],
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    expense = Expense.objects.get()
    assert body == {
        "id": expense.pk,
        "kind": "expense",
        "description": "Dinner",
        "amount": "90.00",
        "currency": "EUR",
        "exchange_rate": "1",
        "group_amount": "90.00",
        "date": datetime.date.today().isoformat(),
        "category": "",
        "notes": "",
        "split": "shares",
        "created_by": {"id": ann.user_id, "username": "ann"},
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
        "deleted_at": None,
        "recurring": None,
        "shares": [
            {"member": ann.pk, "paid": "90.00", "owed": "60.00"},
            {"member": kid.pk, "paid": "0.00", "owed": "30.00"},
        ],
    }


@pytest.mark.parametrize(
    "split, values, owed",
    [
        ("equal", [None, None, None], ["33.34", "33.33", "33.33"]),
        ("exact", ["50.00", "25.00", "25.00"], ["50.00", "25.00", "25.00"]),
        ("percent", ["50", "25.5", "24.5"], ["50.00", "25.50", "24.50"]),
        ("shares", ["1", "1", "2"], ["25.00", "25.00", "50.00"]),
    ],
)
def test_every_split(api, group, ann, bob, kid, split, values, owed):
    participants = [
        {"member": m.pk} if v is None else {"member": m.pk, "value": v}
        for m, v in zip([ann, bob, kid], values, strict=True)
    ]
    amount = "100.00"

    response = api.post(
        group_path(group, "expenses"),
        {
            "description": split,
            "amount": amount,
            "paid_by": bob.pk,
            "split": split,
            "participants": participants,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert [s["owed"] for s in sorted(response.json()["shares"], key=lambda s: s["member"])] == (
        owed
    )
    assert sum(Decimal(s["owed"]) for s in response.json()["shares"]) == Decimal(amount)


def test_several_payers(api, group, ann, bob, kid):
    response = api.post(
        group_path(group, "expenses"),
        {
            "description": "Hotel",
            "amount": "90.00",
            "payers": [{"member": ann.pk, "amount": "60.00"}, {"member": bob.pk, "amount": 30}],
            "split": "equal",
            "participants": [{"member": ann.pk}, {"member": bob.pk}, {"member": kid.pk}],
            "date": "2024-05-01",
            "category": "lodging",
        },
        format="json",
    )

    assert response.status_code == 201
    assert shares_of(response) == {
        ann.pk: ("60.00", "30.00"),
        bob.pk: ("30.00", "30.00"),
        kid.pk: ("0.00", "30.00"),
    }
    assert (response.json()["date"], response.json()["category"]) == ("2024-05-01", "lodging")


def test_a_json_number_is_read_through_its_decimal_text(api, group, body):
    body["amount"] = 12.5

    response = api.post(group_path(group, "expenses"), body, format="json")

    assert response.status_code == 201
    assert response.json()["amount"] == "12.50"


@pytest.mark.parametrize("field", ["amount", "part"])
def test_a_json_number_keeps_every_decimal_it_was_sent_with(api, group, ann, kid, field):
    # As a float, 5.0000000000000001 would be 5.0 and slip through; it must be refused.
    amount, part = (
        ("5.0000000000000001", "5") if field == "amount" else ("10", "5.0000000000000001")
    )
    raw = (
        f'{{"description": "Taxi", "amount": {amount}, "paid_by": {ann.pk}, "split": "exact", '
        f'"participants": [{{"member": {ann.pk}, "value": {part}}}, '
        f'{{"member": {kid.pk}, "value": 5}}]}}'
    )

    response = api.post(group_path(group, "expenses"), raw, content_type="application/json")

    assert response.status_code == 400
    assert ("amount" if field == "amount" else "participants") in response.json()
    assert expense_rows() == ([], [])


def test_any_member_records_an_expense(api_as, group, bob, body):
    response = api_as(bob.user).post(group_path(group, "expenses"), body, format="json")

    assert response.status_code == 201
    assert response.json()["created_by"]["username"] == "bob"


# --- update and delete ---------------------------------------------------------------------------


def test_patch_description_date_and_category_keeps_the_shares(api, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    shares_before = expense_rows()[1]

    response = api.patch(
        group_path(group, "expenses", expense),
        {"description": "Lunch", "date": "2024-01-02", "category": "food"},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["description"], body["date"], body["category"]) == ("Lunch", "2024-01-02", "food")
    assert expense_rows()[1] == shares_before


def test_patch_of_the_amount_alone_names_what_is_missing(api, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    before = expense_rows()

    response = api.patch(group_path(group, "expenses", expense), {"amount": "50.00"}, format="json")

    assert response.status_code == 400
    assert {"split", "participants", "payers"} <= set(response.json())
    assert expense_rows() == before


def test_put_replaces_the_money(api_as, group, ann, bob, kid, body):
    expense = add_expense(group, ann, [ann, kid])
    body.update(
        amount="40.00",
        paid_by=bob.pk,
        split="exact",
        participants=participants((bob, "30.00"), (kid, "10.00")),
    )

    response = api_as(bob.user).put(group_path(group, "expenses", expense), body, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["amount"] == "40.00"
    assert shares_of(response) == {bob.pk: ("40.00", "30.00"), kid.pk: ("0.00", "10.00")}
    assert Share.objects.filter(expense=expense).count() == 2


def test_put_needs_the_whole_expense(api, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    before = expense_rows()

    response = api.put(
        group_path(group, "expenses", expense), {"description": "Lunch"}, format="json"
    )

    assert response.status_code == 400
    assert {"amount", "split", "participants"} <= set(response.json())
    assert expense_rows() == before


def test_bad_update_writes_nothing(api, group, ann, kid, body):
    expense = add_expense(group, ann, [ann, kid])
    before = expense_rows()
    body.update(split="percent", participants=participants((ann, "60"), (kid, "60")))

    response = api.put(group_path(group, "expenses", expense), body, format="json")

    assert response.status_code == 400
    assert "participants" in response.json()
    assert expense_rows() == before


def test_a_payment_is_not_edited_as_an_expense(api, group, ann, kid):
    payment = payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="5.00"
    )

    response = api.patch(
        group_path(group, "expenses", payment), {"description": "Cash"}, format="json"
    )

    assert response.status_code == 400
    assert "kind" in response.json()


def test_delete_moves_it_to_the_trash(api_as, group, ann, bob, kid):
    expense = add_expense(group, ann, [ann, kid])
    client = api_as(bob.user)

    response = client.delete(group_path(group, "expenses", expense))

    assert response.status_code == 204
    assert client.get(group_path(group, "expenses")).json()["count"] == 0
    assert client.get(group_path(group, "expenses", expense)).status_code == 404
    trash = client.get(group_path(group, "expenses") + "?deleted=true").json()["results"]
    assert [item["id"] for item in trash] == [expense.pk]
    assert trash[0]["deleted_at"] is not None
    assert set(Share.objects.filter(expense=expense).values_list("in_trash", flat=True)) == {True}


def test_an_expense_of_a_member_who_left_stays_as_it_is(api, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="15.00"
    )
    member_deactivate(member=kid, actor=ann)
    before = expense_rows()

    assert api.delete(group_path(group, "expenses", expense)).status_code == 400
    assert expense_rows() == before


@pytest.mark.parametrize("expense_id", ["99999999999999999999", "9223372036854775808", "one"])
def test_absurd_expense_ids_are_404(api, group, expense_id):
    assert api.get(group_path(group, "expenses", expense_id)).status_code == 404
    assert api.delete(group_path(group, "expenses", expense_id)).status_code == 404
