"""The trash page: deleted expenses and payments, each restored by a button (POST)."""

import pytest
from django.test import Client

from groups.models import Activity, Expense
from groups.selectors.balances import member_balances
from groups.services.expenses import expense_delete
from groups.services.members import member_deactivate
from groups.services.payments import payment_create
from tests.factories import GroupFactory, UserFactory, add_expense, admin_of
from tests.web.conftest import text, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def trashed(group, ann, bob):
    add_expense(group, ann, [ann], amount="10.00")  # stays
    expense = add_expense(group, bob, [ann, bob], amount="30.00")
    expense.description = "Taxi"
    expense.save(update_fields=["description"])
    expense_delete(expense=expense, actor=ann)
    return expense


def test_the_trash_lists_only_what_was_deleted(as_ann, group, ann, bob, trashed):
    payment = payment_create(
        group=group, created_by=None, from_member_id=bob.pk, to_member_id=ann.pk, amount="5.00"
    )
    expense_delete(expense=payment, actor=ann)

    response = as_ann.get(url("trash", group))

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [payment, trashed]  # latest first
    page = text(response)
    assert "Taxi" in page and "€30.00" in page and "Restore" in page
    assert url("expense-restore", group, trashed) in page


def test_restore_brings_back_the_same_shares_and_balances(as_ann, group, ann, bob):
    expense = add_expense(group, bob, [ann, bob], amount="30.00")
    balances = member_balances(group.pk)
    shares = sorted(expense.shares.values_list("pk", "member_id", "paid", "owed"))
    expense_delete(expense=expense, actor=ann)
    assert member_balances(group.pk) == {}  # no live share left

    response = as_ann.post(url("expense-restore", group, expense))

    assert response.status_code == 302 and response["Location"] == url("trash", group)
    expense.refresh_from_db()
    assert expense.deleted_at is None
    assert member_balances(group.pk) == balances
    assert sorted(expense.shares.values_list("pk", "member_id", "paid", "owed")) == shares
    assert Activity.objects.filter(action="expense.restored", expense=expense).count() == 1
    assert "Restored Expense." in text(as_ann.get(url("trash", group)))


def test_restoring_from_the_expense_page_goes_back_to_it(as_ann, group, trashed):
    page = text(as_ann.get(url("expense-detail", group, trashed)))
    assert "is in the trash" in page and "Edit</a>" not in page and "Delete…</a>" not in page

    response = as_ann.post(url("expense-restore", group, trashed), {"back": "expense"})

    assert response["Location"] == url("expense-detail", group, trashed)
    assert "is in the trash" not in text(as_ann.get(response["Location"]))


def test_restoring_what_is_not_in_the_trash_is_refused(as_ann, group, ann):
    expense = add_expense(group, ann, [ann])
    entries = Activity.objects.count()

    response = as_ann.post(url("expense-restore", group, expense))

    assert response.status_code == 400
    assert "“Expense” cannot be restored: Expense is not in the trash." in text(response)
    assert Activity.objects.count() == entries


def test_restoring_what_involves_a_member_who_left_is_refused(as_ann, group, ann, bob, trashed):
    member_deactivate(member=bob, actor=bob)  # zero balance once the expense is in the trash

    response = as_ann.post(url("expense-restore", group, trashed))

    assert response.status_code == 400
    assert "bob" in response.context["error"] and "cannot be restored" in text(response)
    assert Expense.objects.trashed().filter(pk=trashed.pk).exists()
    assert not Activity.objects.filter(action="expense.restored").exists()


def test_restore_is_a_post_with_a_csrf_token(user, group, trashed):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(url("expense-restore", group, trashed)).status_code == 405
    assert client.post(url("expense-restore", group, trashed)).status_code == 403
    assert Expense.objects.trashed().filter(pk=trashed.pk).exists()


def test_strangers_and_other_groups_get_404(login, as_ann, group, trashed):
    stranger = login(UserFactory(username="eve"))
    assert stranger.get(url("trash", group)).status_code == 404
    assert stranger.post(url("expense-restore", group, trashed)).status_code == 404
    other = GroupFactory()
    elsewhere = add_expense(other, admin_of(other), [admin_of(other)])
    expense_delete(expense=elsewhere, actor=admin_of(other))
    assert as_ann.post(url("expense-restore", group, elsewhere)).status_code == 404
    assert Expense.objects.trashed().count() == 2
