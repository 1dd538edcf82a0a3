"""Refused expenses: every class of bad body is a 400 naming the field, and writes nothing."""

import pytest

from groups.services.members import member_deactivate
from tests.api.paths import group_path
from tests.api.snapshots import expense_rows, participants
from tests.factories import GroupFactory, GuestFactory, UserFactory

pytestmark = pytest.mark.django_db


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
    assert expense_rows() == ([], [])


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
    before = expense_rows()

    response = api.post(group_path(group, "expenses"), body, format="json")

    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    assert expense_rows() == before


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
    assert expense_rows() == ([], [])
