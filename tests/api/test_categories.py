"""Categories over the API: the default set, a group's own, and an expense's category."""

import pytest

from groups.domain.categories import DEFAULT_CATEGORIES
from groups.models import Category, Expense
from tests.api.paths import group_path
from tests.factories import add_expense

pytestmark = pytest.mark.django_db


def test_the_default_set_then_the_groups_own(api, group):
    created = api.post(group_path(group, "categories"), {"name": "Boat"}, format="json")
    api.post(group_path(group, "categories"), {"name": "  Ski   pass "}, format="json")

    assert (created.status_code, created.json()) == (201, {"slug": "boat", "name": "Boat"})
    listed = api.get(group_path(group, "categories")).json()
    assert listed[: len(DEFAULT_CATEGORIES)] == [
        {"slug": slug, "name": name} for slug, name in DEFAULT_CATEGORIES.items()
    ]
    assert listed[len(DEFAULT_CATEGORIES) :] == [
        {"slug": "boat", "name": "Boat"},
        {"slug": "ski-pass", "name": "Ski pass"},
    ]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Food", "Every group already has"),
        ("boat", "already has a category 'boat'"),
        ("BOAT!", "already has a category 'boat'"),
        ("!!!", "needs a letter or a digit"),
        ("   ", "may not be blank"),
        ("x" * 51, "no more than 50"),
    ],
)
def test_a_category_that_cannot_be_added(api, group, name, reason):
    Category.objects.create(group=group, slug="boat", name="Boat")

    response = api.post(group_path(group, "categories"), {"name": name}, format="json")

    assert response.status_code == 400
    assert reason in response.json()["name"][0]
    assert list(Category.objects.values_list("slug", flat=True)) == ["boat"]


def test_an_expense_takes_a_default_or_own_category_or_none(api, group, ann, kid, body):
    api.post(group_path(group, "categories"), {"name": "Boat"}, format="json")

    for category in ("food", "boat", ""):
        response = api.post(
            group_path(group, "expenses"), {**body, "category": category}, format="json"
        )
        assert (response.status_code, response.json()["category"]) == (201, category)


def test_another_groups_category_is_unknown_here(api, group, eves_group, ann, body):
    Category.objects.create(group=eves_group, slug="boat", name="Boat")

    response = api.post(group_path(group, "expenses"), {**body, "category": "boat"}, format="json")

    assert response.status_code == 400
    assert "not a category of this group" in response.json()["category"][0]
    assert not Expense.objects.exists()
    assert api.get(group_path(eves_group, "categories")).status_code == 404


def test_patching_category_and_notes_keeps_the_shares(api, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid], amount="10.00")
    shares = list(expense.shares.values_list("member_id", "paid", "owed"))

    response = api.patch(
        group_path(group, "expenses", expense),
        {"category": "restaurants", "notes": "Table by the window.\nTip included."},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["category"], response.json()["notes"]) == (
        "restaurants",
        "Table by the window.\nTip included.",
    )
    assert list(expense.shares.values_list("member_id", "paid", "owed")) == shares
    refused = api.patch(group_path(group, "expenses", expense), {"category": "x"}, format="json")
    assert refused.status_code == 400
    assert Expense.objects.get().category == "restaurants"
