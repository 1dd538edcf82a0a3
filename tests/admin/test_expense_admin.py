"""The expense admin: description, date, category and notes change; money stays read-only."""

import pytest
from django.urls import reverse

from groups.models import Expense
from groups.services.payments import payment_create
from tests.factories import add_expense

pytestmark = pytest.mark.django_db


# --- expenses ---------------------------------------------------------------------------------


def test_expenses_list_and_read_only_shares(admin_client, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid], amount="30.00")
    response = admin_client.get(reverse("admin:groups_expense_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [expense]

    response = admin_client.get(reverse("admin:groups_expense_change", args=[expense.pk]))
    assert response.status_code == 200
    assert set(response.context["adminform"].form.fields) == {
        "description",
        "date",
        "category",
        "notes",
    }
    assert "15.00" in response.content.decode()


def test_only_description_date_category_and_notes_change(admin_client, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid], amount="30.00")
    url = reverse("admin:groups_expense_change", args=[expense.pk])
    data = {
        "description": "Taxi",
        "date": "2026-01-02",
        "category": "transport",
        "notes": "Airport run",
        "amount": "999.00",
        "shares-TOTAL_FORMS": "2",
        "shares-INITIAL_FORMS": "2",
        "shares-MIN_NUM_FORMS": "0",
        "shares-MAX_NUM_FORMS": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "0",
    }
    assert admin_client.post(url, data).status_code == 302
    expense.refresh_from_db()
    assert (expense.description, expense.category, expense.notes, str(expense.amount)) == (
        "Taxi",
        "transport",
        "Airport run",
        "30.00",
    )


def test_payments_are_view_only_and_nothing_is_added_here(admin_client, group, ann, kid):
    payment = payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="5.00"
    )
    url = reverse("admin:groups_expense_change", args=[payment.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert admin_client.post(url, {"description": "x"}).status_code == 403
    assert admin_client.get(reverse("admin:groups_expense_add")).status_code == 403
    assert Expense.objects.get(pk=payment.pk).description != "x"
