"""The admin for currencies, rates, categories, notes and comments: validated like the API,
refusals on the form, never a 500."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from groups.models import Category, Comment, ExchangeRate, Expense, Group
from groups.services.categories import category_create
from groups.services.comments import comment_add
from tests.admin.pages import group_form, group_url
from tests.factories import add_expense

pytestmark = pytest.mark.django_db

INLINE_MANAGEMENT = {
    f"{prefix}-{key}": value
    for prefix in ("shares", "comments")
    for key, value in (
        ("TOTAL_FORMS", "0"),
        ("INITIAL_FORMS", "0"),
        ("MIN_NUM_FORMS", "0"),
        ("MAX_NUM_FORMS", "0"),
    )
}


def errors_of(response):
    return response.context["adminform"].form.errors


# --- groups -----------------------------------------------------------------------------------


@pytest.mark.parametrize("currency", ["XYZ", "XTS", "EURO"])
def test_a_group_in_an_unknown_currency_is_refused(admin_client, currency):
    response = admin_client.post(
        reverse("admin:groups_group_add"), {"name": "Flat", "currency": currency}
    )

    assert response.status_code == 200
    assert "currency" in errors_of(response)
    assert not Group.objects.filter(name="Flat").exists()


def test_a_group_with_expenses_keeps_its_currency(admin_client, group, ann, kid):
    add_expense(group, ann, [ann, kid])
    data = group_form(group)
    data["currency"] = "usd"

    response = admin_client.post(group_url(group), data)

    assert response.status_code == 200
    assert "cannot change" in str(errors_of(response)["currency"])
    assert Group.objects.get(pk=group.pk).currency == "EUR"


def test_a_group_without_expenses_changes_currency(admin_client, group, ann):
    data = group_form(group)
    data["currency"] = "usd"

    assert admin_client.post(group_url(group), data).status_code == 302
    assert Group.objects.get(pk=group.pk).currency == "USD"


# --- rates ------------------------------------------------------------------------------------


def rate_form(group, **changes):
    return {"group": str(group.pk), "currency": "usd", "date": "2026-11-01", "rate": "0.92"} | (
        changes
    )


def test_add_change_and_delete_a_rate(admin_client, group):
    added = admin_client.post(reverse("admin:groups_exchangerate_add"), rate_form(group))

    assert added.status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.rate) == ("USD", Decimal("0.92"))
    change = reverse("admin:groups_exchangerate_change", args=[rate.pk])
    assert admin_client.get(change).status_code == 200
    assert admin_client.post(change, {"rate": "0.9312345678"}).status_code == 302
    assert ExchangeRate.objects.get().rate == Decimal("0.9312345678")
    delete = reverse("admin:groups_exchangerate_delete", args=[rate.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "eur"}, "currency"),  # the group's own
        ({"rate": "0"}, "rate"),
        ({"rate": "-1"}, "rate"),
        ({"rate": "0.12345678901"}, "rate"),
    ],
)
def test_a_bad_rate_is_refused_on_the_form(admin_client, group, changes, field):
    response = admin_client.post(
        reverse("admin:groups_exchangerate_add"), rate_form(group, **changes)
    )

    assert response.status_code == 200
    assert field in errors_of(response)
    assert not ExchangeRate.objects.exists()


def test_the_rate_list(admin_client, group):
    ExchangeRate.objects.create(
        group=group, currency="JPY", date=datetime.date(2026, 1, 1), rate=Decimal("0.0061")
    )

    response = admin_client.get(reverse("admin:groups_exchangerate_changelist"))

    assert response.status_code == 200
    assert "0.0061" in response.content.decode()


# --- categories -------------------------------------------------------------------------------


def test_add_a_category_and_its_slug_is_made(admin_client, group):
    url = reverse("admin:groups_category_add")

    response = admin_client.post(url, {"group": str(group.pk), "name": "Boat trips"})

    assert response.status_code == 302
    assert list(Category.objects.values_list("slug", "name")) == [("boat-trips", "Boat trips")]
    refused = admin_client.post(url, {"group": str(group.pk), "name": "Food"})
    assert refused.status_code == 200
    assert "Every group already has" in str(errors_of(refused)["name"])
    assert Category.objects.count() == 1


# --- expenses ---------------------------------------------------------------------------------


def test_an_expense_page_offers_the_groups_categories_and_shows_its_money(
    admin_client, group, ann, kid
):
    category_create(group=group, name="Boat")
    expense = add_expense(group, ann, [ann, kid])
    comment_add(expense=expense, author=ann.user, text="A comment to read")

    response = admin_client.get(reverse("admin:groups_expense_change", args=[expense.pk]))

    assert response.status_code == 200
    form = response.context["adminform"].form
    choices = [value for value, _ in form.fields["category"].choices]
    assert choices[:3] == ["", "general", "food"]
    assert choices[-1] == "boat"
    html = response.content.decode()
    assert "A comment to read" in html
    assert "Exchange rate" in html and "Group amount" in html


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"category": "yachts"}, "category"), ({"notes": "x" * 2001}, "notes")],
)
def test_a_bad_category_or_notes_is_refused_on_the_form(
    admin_client, group, ann, kid, changes, field
):
    expense = add_expense(group, ann, [ann, kid])
    data = {"description": "Taxi", "date": "2026-01-02", "category": "", "notes": ""}

    response = admin_client.post(
        reverse("admin:groups_expense_change", args=[expense.pk]),
        {**data, **changes, **INLINE_MANAGEMENT},
    )

    assert response.status_code == 200
    assert field in errors_of(response)
    assert Expense.objects.get().description == "Expense"


# --- comments ---------------------------------------------------------------------------------


def test_comments_are_read_and_deleted_never_written(admin_client, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    comment = comment_add(expense=expense, author=kid.user, text="<b>Thanks!</b>")

    listed = admin_client.get(reverse("admin:groups_comment_changelist"))
    page = admin_client.get(reverse("admin:groups_comment_change", args=[comment.pk]))

    assert listed.status_code == 200
    assert "&lt;b&gt;Thanks!&lt;/b&gt;" in listed.content.decode()
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert admin_client.get(reverse("admin:groups_comment_add")).status_code == 403
    delete = reverse("admin:groups_comment_delete", args=[comment.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Comment.objects.exists()
