"""Every bad input of currencies, rates, categories, notes, comments and statistics: a 400
naming the field, and nothing written."""

import pytest

from groups.models import Category, Comment, ExchangeRate, Expense, Group, Share
from tests.api.paths import group_path
from tests.factories import add_expense

pytestmark = pytest.mark.django_db

BAD_RATES = {
    "zero rate": "0",
    "negative rate": "-0.5",
    "NaN rate": "NaN",
    "infinite rate": "Infinity",
    "11 decimals": "0.12345678901",
    "rate too large": "100000000",
    "rate not a number": "abc",
    "rate a bool": True,
}


def everything():
    """Every row a refused request could have written, as plain values."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Group, Expense, Share, ExchangeRate, Category, Comment)
    ]


@pytest.fixture
def requests(group, ann, kid, body):
    """Each bad request as (method, path, body, field the 400 must name)."""
    spent = add_expense(group, ann, [ann, kid])
    foreign = {**body, "currency": "USD"}
    payment = {"from_member": kid.pk, "to_member": ann.pk, "amount": "10.00"}
    comments = group_path(group, "expenses", spent, "comments")
    cases = {
        "new group in XYZ": ("post", "/api/groups/", {"name": "X", "currency": "XYZ"}, "currency"),
        "group changed to XYZ": ("patch", group_path(group), {"currency": "XYZ"}, "currency"),
        "group currency changed with expenses": (
            "patch",
            group_path(group),
            {"currency": "USD"},
            "currency",
        ),
        "expense in XYZ": (
            "post",
            group_path(group, "expenses"),
            {**body, "currency": "XYZ"},
            "currency",
        ),
        "expense currency a number": (
            "post",
            group_path(group, "expenses"),
            {**body, "currency": 978},
            "currency",
        ),
        "payment in XYZ": (
            "post",
            group_path(group, "payments"),
            {**payment, "currency": "XYZ"},
            "currency",
        ),
        "rate for XYZ": (
            "post",
            group_path(group, "rates"),
            {"currency": "XYZ", "rate": "1.1"},
            "currency",
        ),
        "rate for the group's own currency": (
            "post",
            group_path(group, "rates"),
            {"currency": "EUR", "rate": "1"},
            "currency",
        ),
        "foreign expense without a rate": (
            "post",
            group_path(group, "expenses"),
            foreign,
            "exchange_rate",
        ),
        "foreign payment without a rate": (
            "post",
            group_path(group, "payments"),
            {**payment, "currency": "USD"},
            "exchange_rate",
        ),
        "rate other than 1 in the group's currency": (
            "post",
            group_path(group, "expenses"),
            {**body, "exchange_rate": "2"},
            "exchange_rate",
        ),
        "group amount under a cent": (
            "post",
            group_path(group, "expenses"),
            {**foreign, "amount": "1.00", "exchange_rate": "0.001"},
            "group_amount",
        ),
        "payers not summing to the amount": (
            "post",
            group_path(group, "expenses"),
            {
                **{k: v for k, v in foreign.items() if k != "paid_by"},
                "exchange_rate": "0.9",
                "payers": [
                    {"member": ann.pk, "amount": "50.00"},
                    {"member": kid.pk, "amount": "30.00"},
                ],
            },
            "payers",
        ),
        "exact parts not summing to the amount": (
            "post",
            group_path(group, "expenses"),
            {
                **foreign,
                "exchange_rate": "0.9",
                "split": "exact",
                "participants": [
                    {"member": ann.pk, "value": "45.00"},
                    {"member": kid.pk, "value": "44.99"},
                ],
            },
            "participants",
        ),
        "a payer's part under a cent once converted": (
            "post",
            group_path(group, "expenses"),
            {
                **{k: v for k, v in foreign.items() if k != "paid_by"},
                "exchange_rate": "0.001",
                "payers": [
                    {"member": ann.pk, "amount": "89.99"},
                    {"member": kid.pk, "amount": "0.01"},
                ],
            },
            "payers",
        ),
        "unknown category": (
            "post",
            group_path(group, "expenses"),
            {**body, "category": "yachts"},
            "category",
        ),
        "unknown category in a PATCH": (
            "patch",
            group_path(group, "expenses", spent),
            {"category": "Food"},
            "category",
        ),
        "notes over 2000 characters": (
            "post",
            group_path(group, "expenses"),
            {**body, "notes": "x" * 2001},
            "notes",
        ),
        "notes over 2000 characters in a PATCH": (
            "patch",
            group_path(group, "expenses", spent),
            {"notes": "x" * 2001},
            "notes",
        ),
        "empty comment": ("post", comments, {"text": "  "}, "text"),
        "over-long comment": ("post", comments, {"text": "x" * 2001}, "text"),
        "comment text not a string": ("post", comments, {"text": 5}, "text"),
        "statistics range backwards": (
            "get",
            group_path(group, "statistics"),
            {"date_after": "2026-02-01", "date_before": "2026-01-31"},
            "date_after",
        ),
    }
    for name, rate in BAD_RATES.items():
        cases[f"expense with {name}"] = (
            "post",
            group_path(group, "expenses"),
            {**foreign, "exchange_rate": rate},
            "exchange_rate",
        )
        cases[f"payment with {name}"] = (
            "post",
            group_path(group, "payments"),
            {**payment, "currency": "USD", "exchange_rate": rate},
            "exchange_rate",
        )
        cases[f"table rate with {name}"] = (
            "post",
            group_path(group, "rates"),
            {"currency": "USD", "rate": rate},
            "rate",
        )
    return cases


CASES = [
    "new group in XYZ",
    "group changed to XYZ",
    "group currency changed with expenses",
    "expense in XYZ",
    "expense currency a number",
    "payment in XYZ",
    "rate for XYZ",
    "rate for the group's own currency",
    "foreign expense without a rate",
    "foreign payment without a rate",
    "rate other than 1 in the group's currency",
    "group amount under a cent",
    "payers not summing to the amount",
    "exact parts not summing to the amount",
    "a payer's part under a cent once converted",
    "unknown category",
    "unknown category in a PATCH",
    "notes over 2000 characters",
    "notes over 2000 characters in a PATCH",
    "empty comment",
    "over-long comment",
    "comment text not a string",
    "statistics range backwards",
    *(f"{kind} with {name}" for name in BAD_RATES for kind in ("expense", "payment", "table rate")),
]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api, requests, case):
    method, path, body, field = requests[case]
    before = everything()

    if method == "get":
        response = api.get(path, body)
    else:
        response = getattr(api, method)(path, body, format="json")

    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    assert everything() == before


def test_every_case_is_tested(requests):
    assert sorted(requests) == sorted(CASES)
