import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.models import Expense, Share
from groups.services.expenses import payment_create
from groups.services.members import member_deactivate
from tests.api.paths import group_path
from tests.factories import GroupFactory, GuestFactory, UserFactory, add_expense, bulk_expenses

pytestmark = pytest.mark.django_db


def rows():
    """Every expense and share as plain values, to prove a refused write changed nothing."""
    return (
        list(Expense.objects.order_by("pk").values_list("pk", "description", "amount", "date")),
        list(Share.objects.order_by("pk").values_list("pk", "member_id", "paid", "owed")),
    )


def shares_of(response):
    return {s["member"]: (s["paid"], s["owed"]) for s in response.json()["shares"]}


@pytest.fixture
def body(ann, kid):
    """A valid expense: ann paid 90.00 for herself and Kid, split equally."""
    return {
        "description": "Dinner",
        "amount": "90.00",
        "paid_by": ann.pk,
        "split": "equal",
        "participants": [{"member": ann.pk}, {"member": kid.pk}],
    }


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
        "date": datetime.date.today().isoformat(),
        "category": "",
        "split": "shares",
        "created_by": {"id": ann.user_id, "username": "ann"},
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
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
    assert rows() == ([], [])


def test_any_member_records_an_expense(api_as, group, bob, body):
    response = api_as(bob.user).post(group_path(group, "expenses"), body, format="json")

    assert response.status_code == 201
    assert response.json()["created_by"]["username"] == "bob"


def member_of_another_group():
    return GuestFactory(group=GroupFactory(created_by=UserFactory(username="eve")))


BAD_AMOUNTS = {
    "negative": "-5.00",
    "zero": "0",
    "zero with decimals": "0.00",
    "non-numeric": "ten",
    "NaN": "NaN",
    "Infinity": "Infinity",
    "minus Infinity": "-Infinity",
    "huge": "10000000000.00",
    "far too huge": "9" * 30,
    "3 decimals": "1.005",
    "exponent": "1E+2",
    "float noise": 0.1 + 0.2,
    "huge JSON number": 1e300,
    "bool": True,
    "null": None,
    "list": ["1.00"],
    "object": {"value": "1.00"},
    "empty": "",
}


@pytest.mark.parametrize("amount", BAD_AMOUNTS.values(), ids=BAD_AMOUNTS.keys())
def test_bad_amounts_are_refused(api, group, body, amount):
    body["amount"] = amount

    response = api.post(group_path(group, "expenses"), body, format="json")

    assert response.status_code == 400
    assert "amount" in response.json()
    assert rows() == ([], [])


def participants(*pairs):
    return [{"member": m.pk, "value": v} for m, v in pairs]


@pytest.fixture
def bad_bodies(group, ann, bob, kid, body):
    """Every other class of bad input, with the field its 400 must name."""
    outsider = member_of_another_group()
    left = GuestFactory(group=group, name="Gone")
    member_deactivate(member=left, actor=ann)
    cases = {
        "exact parts not summing": (
            {"split": "exact", "participants": participants((ann, "60.00"), (kid, "20.00"))},
            "participants",
        ),
        "exact part missing": (
            {"split": "exact", "participants": [{"member": ann.pk}, {"member": kid.pk}]},
            "participants",
        ),
        "percentages not 100": (
            {"split": "percent", "participants": participants((ann, "50"), (kid, "40"))},
            "participants",
        ),
        "zero share": (
            {"split": "shares", "participants": participants((ann, "0"), (kid, "1"))},
            "participants",
        ),
        "negative share": (
            {"split": "shares", "participants": participants((ann, "-1"), (kid, "2"))},
            "participants",
        ),
        "all-zero shares": (
            {"split": "shares", "participants": participants((ann, "0"), (kid, "0"))},
            "participants",
        ),
        "NaN share": (
            {"split": "shares", "participants": participants((ann, "NaN"), (kid, "1"))},
            "participants",
        ),
        "non-numeric share": (
            {"split": "shares", "participants": participants((ann, "two"), (kid, "1"))},
            "participants",
        ),
        "unknown split": ({"split": "thirds"}, "split"),
        "no split": ({"split": None}, "split"),
        "no participants": ({"participants": []}, "participants"),
        "participants missing": ({"participants": None}, "participants"),
        "participants not a list": ({"participants": "ann"}, "participants"),
        "participant not an object": ({"participants": [ann.pk]}, "participants"),
        "participant unknown": ({"participants": [{"member": 987654}]}, "participants"),
        "participant in another group": (
            {"participants": [{"member": outsider.pk}]},
            "participants",
        ),
        "participant who left": ({"participants": [{"member": left.pk}]}, "participants"),
        "participant listed twice": (
            {"participants": [{"member": ann.pk}, {"member": ann.pk}]},
            "participants",
        ),
        "participant id as a string": ({"participants": [{"member": str(ann.pk)}]}, "participants"),
        "participant id as a float": ({"participants": [{"member": 1.5}]}, "participants"),
        "participant id too large": ({"participants": [{"member": 2**63}]}, "participants"),
        "too small to split": ({"amount": "0.01"}, "participants"),
        "payer unknown": ({"paid_by": 987654}, "paid_by"),
        "payer in another group": ({"paid_by": outsider.pk}, "paid_by"),
        "payer who left": ({"paid_by": left.pk}, "paid_by"),
        "payer id too large": ({"paid_by": 10**20}, "paid_by"),
        "payer id as bool": ({"paid_by": True}, "paid_by"),
        "payers not summing": (
            {
                "paid_by": None,
                "payers": [
                    {"member": ann.pk, "amount": "60.00"},
                    {"member": bob.pk, "amount": "20.00"},
                ],
            },
            "payers",
        ),
        "payer in another group among payers": (
            {"paid_by": None, "payers": [{"member": outsider.pk, "amount": "90.00"}]},
            "payers",
        ),
        "payer amount bad": (
            {"paid_by": None, "payers": [{"member": ann.pk, "amount": "90.001"}]},
            "payers",
        ),
        "payers empty": ({"paid_by": None, "payers": []}, "payers"),
        "both paid_by and payers": (
            {"payers": [{"member": ann.pk, "amount": "90.00"}]},
            "paid_by",
        ),
        "nobody paid": ({"paid_by": None}, "paid_by"),
        "description missing": ({"description": None}, "description"),
        "description too long": ({"description": "x" * 201}, "description"),
        "description a number": ({"description": 42}, "description"),
        "bad date": ({"date": "2024-02-30"}, "date"),
        "category too long": ({"category": "x" * 51}, "category"),
    }
    built = {}
    for name, (changes, field) in cases.items():
        new = {**body, **changes}
        built[name] = ({k: v for k, v in new.items() if v is not None}, field)
    return built


BAD_BODY_CLASSES = [
    "exact parts not summing",
    "exact part missing",
    "percentages not 100",
    "zero share",
    "negative share",
    "all-zero shares",
    "NaN share",
    "non-numeric share",
    "unknown split",
    "no split",
    "no participants",
    "participants missing",
    "participants not a list",
    "participant not an object",
    "participant unknown",
    "participant in another group",
    "participant who left",
    "participant listed twice",
    "participant id as a string",
    "participant id as a float",
    "participant id too large",
    "too small to split",
    "payer unknown",
    "payer in another group",
    "payer who left",
    "payer id too large",
    "payer id as bool",
    "payers not summing",
    "payer in another group among payers",
    "payer amount bad",
    "payers empty",
    "both paid_by and payers",
    "nobody paid",
    "description missing",
    "description too long",
    "description a number",
    "bad date",
    "category too long",
]


@pytest.mark.parametrize("case", BAD_BODY_CLASSES)
def test_bad_expenses_are_refused(api, group, bad_bodies, case):
    body, field = bad_bodies[case]
    before = rows()

    response = api.post(group_path(group, "expenses"), body, format="json")

    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    assert rows() == before


def test_every_bad_body_class_is_tested(bad_bodies):
    assert sorted(bad_bodies) == sorted(BAD_BODY_CLASSES)


@pytest.mark.parametrize(
    "raw",
    ['[{"description": "Dinner"}]', '"Dinner"', "90", "null", "[" * 50_000, "{nope"],
    ids=["list", "string", "number", "null", "nested too deeply", "malformed"],
)
def test_a_body_that_is_not_a_json_object_is_400(api, group, ann, raw):
    response = api.post(group_path(group, "expenses"), raw, content_type="application/json")

    assert response.status_code == 400
    assert rows() == ([], [])


# --- read --------------------------------------------------------------------------------------


def test_list_is_paginated_newest_first_with_payments(api, group, ann, kid):
    bulk_expenses(group, ann, [kid], 55)
    payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="5.00"
    )

    first = api.get(group_path(group, "expenses")).json()
    second = api.get(group_path(group, "expenses"), {"page": 2}).json()

    assert first["count"] == 56
    assert len(first["results"]) == 50
    assert len(second["results"]) == 6
    assert first["results"][0]["kind"] == "payment"
    assert api.get(group_path(group, "expenses"), {"page": 3}).status_code == 404


@pytest.fixture
def history(group, ann, bob, kid):
    """Three expenses on three days and one payment, by different payers and participants."""
    made = {
        "march": add_expense(group, ann, [ann, bob]),
        "april": add_expense(group, bob, [bob, kid]),
        "may": add_expense(group, kid, [kid]),
    }
    for name, day in [("march", "2024-03-10"), ("april", "2024-04-10"), ("may", "2024-05-10")]:
        Expense.objects.filter(pk=made[name].pk).update(date=day)
    made["payment"] = payment_create(
        group=group,
        created_by=None,
        from_member_id=kid.pk,
        to_member_id=ann.pk,
        amount="1.00",
        date=datetime.date(2024, 6, 1),
    )
    return made


def ids_for(api, group, **params):
    response = api.get(group_path(group, "expenses"), params)
    assert response.status_code == 200, response.json()
    return {e["id"] for e in response.json()["results"]}


def test_filters(api, group, ann, bob, kid, history):
    pk = {name: expense.pk for name, expense in history.items()}

    assert ids_for(api, group, date_after="2024-04-01") == {pk["april"], pk["may"], pk["payment"]}
    assert ids_for(api, group, date_before="2024-04-10") == {pk["march"], pk["april"]}
    assert ids_for(api, group, date_after="2024-04-01", date_before="2024-05-31") == {
        pk["april"],
        pk["may"],
    }
    assert ids_for(api, group, payer=bob.pk) == {pk["april"]}
    assert ids_for(api, group, payer=kid.pk) == {pk["may"], pk["payment"]}
    assert ids_for(api, group, participant=ann.pk) == {pk["march"], pk["payment"]}
    assert ids_for(api, group, participant=kid.pk) == {pk["april"], pk["may"]}
    assert ids_for(api, group, kind="payment") == {pk["payment"]}
    assert ids_for(api, group, kind="expense", payer=kid.pk) == {pk["may"]}


@pytest.mark.parametrize(
    "params, field",
    [
        ({"payer": "ann"}, "payer"),
        ({"payer": "99999999999999999999"}, "payer"),
        ({"participant": "1.5"}, "participant"),
        ({"date_after": "2024-13-01"}, "date"),
        ({"kind": "refund"}, "kind"),
    ],
)
def test_bad_filters_are_400(api, group, ann, params, field):
    response = api.get(group_path(group, "expenses"), params)

    assert response.status_code == 400
    assert field in response.json()


def test_retrieve(api, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])

    response = api.get(group_path(group, "expenses", expense))

    assert response.status_code == 200
    assert shares_of(response) == {ann.pk: ("30.00", "15.00"), kid.pk: ("0.00", "15.00")}


@pytest.mark.parametrize("expenses", [10, 500])
def test_list_costs_the_same_queries_whatever_the_history(
    api, group, ann, bob, kid, expenses, django_assert_max_num_queries
):
    bulk_expenses(group, ann, [bob, kid], 10)
    api.get(group_path(group, "expenses"))  # warm per-process caches (content types)
    with CaptureQueriesContext(connection) as ten:
        api.get(group_path(group, "expenses"))
    bulk_expenses(group, ann, [bob, kid], expenses - 10)

    with django_assert_max_num_queries(len(ten)):
        response = api.get(group_path(group, "expenses"))

    assert response.json()["count"] == expenses
    assert all(len(e["shares"]) == 3 for e in response.json()["results"])


# --- update and delete ---------------------------------------------------------------------------


def test_patch_description_date_and_category_keeps_the_shares(api, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    shares_before = rows()[1]

    response = api.patch(
        group_path(group, "expenses", expense),
        {"description": "Lunch", "date": "2024-01-02", "category": "food"},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["description"], body["date"], body["category"]) == ("Lunch", "2024-01-02", "food")
    assert rows()[1] == shares_before


def test_patch_of_the_amount_alone_names_what_is_missing(api, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    before = rows()

    response = api.patch(group_path(group, "expenses", expense), {"amount": "50.00"}, format="json")

    assert response.status_code == 400
    assert {"split", "participants", "payers"} <= set(response.json())
    assert rows() == before


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
    before = rows()

    response = api.put(
        group_path(group, "expenses", expense), {"description": "Lunch"}, format="json"
    )

    assert response.status_code == 400
    assert {"amount", "split", "participants"} <= set(response.json())
    assert rows() == before


def test_bad_update_writes_nothing(api, group, ann, kid, body):
    expense = add_expense(group, ann, [ann, kid])
    before = rows()
    body.update(split="percent", participants=participants((ann, "60"), (kid, "60")))

    response = api.put(group_path(group, "expenses", expense), body, format="json")

    assert response.status_code == 400
    assert "participants" in response.json()
    assert rows() == before


def test_a_payment_is_not_edited_as_an_expense(api, group, ann, kid):
    payment = payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="5.00"
    )

    response = api.patch(
        group_path(group, "expenses", payment), {"description": "Cash"}, format="json"
    )

    assert response.status_code == 400
    assert "kind" in response.json()


def test_delete(api_as, group, ann, bob, kid):
    expense = add_expense(group, ann, [ann, kid])

    response = api_as(bob.user).delete(group_path(group, "expenses", expense))

    assert response.status_code == 204
    assert rows() == ([], [])


def test_an_expense_of_a_member_who_left_stays_as_it_is(api, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="15.00"
    )
    member_deactivate(member=kid, actor=ann)
    before = rows()

    assert api.delete(group_path(group, "expenses", expense)).status_code == 400
    assert rows() == before


@pytest.mark.parametrize("expense_id", ["99999999999999999999", "9223372036854775808", "one"])
def test_absurd_expense_ids_are_404(api, group, expense_id):
    assert api.get(group_path(group, "expenses", expense_id)).status_code == 404
    assert api.delete(group_path(group, "expenses", expense_id)).status_code == 404
