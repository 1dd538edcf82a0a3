"""Recording payments: defaults from the settle-up plan, and "record as paid" with undo."""

from decimal import Decimal

import pytest

from groups.models import Activity, Expense
from groups.selectors.balances import group_balance_sheet, member_balances
from groups.services.managers import member_set_manager
from tests.factories import add_expense
from tests.web.conftest import text, url

pytestmark = pytest.mark.django_db


def test_the_form_suggests_from_me_to_whom_i_owe(login, group, ann, bob, kid):
    add_expense(group, ann, [ann, bob], amount="30.00")
    form = login(bob.user).get(url("payment-add", group)).context["form"]
    assert (form["from_member"].value(), form["to_member"].value()) == (bob.pk, ann.pk)
    assert form["amount"].value() == Decimal("15.00")


def test_a_managed_member_is_suggested_their_households_payment(login, group, ann, bob, kid):
    add_expense(group, ann, [kid], amount="12.00")
    member_set_manager(member=kid, actor=ann, manager_id=bob.pk)
    form = login(bob.user).get(url("payment-add", group)).context["form"]
    assert (form["to_member"].value(), form["amount"].value()) == (ann.pk, Decimal("12.00"))


def test_nobody_to_pay_leaves_the_payee_to_choose(as_ann, group, ann, bob):
    form = as_ann.get(url("payment-add", group)).context["form"]
    assert form["from_member"].value() == ann.pk and form["to_member"].value() is None


def test_recording_a_payment_settles_up(as_ann, group, ann, bob):
    add_expense(group, ann, [ann, bob], amount="30.00")
    data = {"from_member": bob.pk, "to_member": ann.pk, "amount": "15.00"}
    assert as_ann.post(url("payment-add", group), data).status_code == 302
    assert group_balance_sheet(group).settle_up == []


def test_a_payment_to_oneself_is_refused_with_the_services_words(as_ann, group, ann):
    data = {"from_member": ann.pk, "to_member": ann.pk, "amount": "5.00"}
    response = as_ann.post(url("payment-add", group), data)
    assert "another member" in str(response.context["form"].errors["to_member"])
    assert not Expense.objects.exists()


def test_record_as_paid_asks_then_records(as_ann, group, ann, bob):
    add_expense(group, ann, [ann, bob], amount="30.00")
    query = {"from": bob.pk, "to": ann.pk, "amount": "15.00"}
    question = as_ann.get(url("settle", group), query)
    assert "Record that bob paid ann?" in text(question) and "€15.00" in text(question)
    assert not Expense.objects.filter(kind="payment").exists()

    response = as_ann.post(url("settle", group), query)
    assert response["Location"] == url("group-detail", group)
    assert group_balance_sheet(group).settle_up == []
    assert "Everyone is settled up" in text(as_ann.get(url("group-detail", group)))


def test_record_as_paid_with_a_forged_link_records_nothing(as_ann, group, ann, bob):
    response = as_ann.post(url("settle", group), {"from": ann.pk, "to": 999, "amount": "1"})
    assert response.status_code == 302
    assert not Expense.objects.exists()


def test_undo_moves_the_recorded_payment_to_the_trash(as_ann, group, ann, bob):
    add_expense(group, ann, [ann, bob], amount="30.00")
    before = member_balances(group.pk)
    query = {"from": bob.pk, "to": ann.pk, "amount": "15.00"}
    page = as_ann.post(url("settle", group), query, follow=True)
    payment = Expense.objects.get(kind="payment")
    undo = url("payment-undo", group, payment)
    assert f'action="{undo}"' in text(page) and "Undo moves this payment to the trash" in text(page)
    assert member_balances(group.pk) != before

    page = as_ann.post(undo, follow=True)
    assert "is in the group's trash, and the balances are as they were" in text(page)
    assert Expense.objects.trashed().get() == payment
    assert member_balances(group.pk) == before
    assert [(t.debtor, t.creditor, t.amount) for t in group_balance_sheet(group).settle_up] == [
        (bob, ann, Decimal("15.00"))
    ]
    assert Activity.objects.filter(action="expense.deleted", object_id=payment.pk).count() == 1

    again = as_ann.post(undo, follow=True)
    assert "already in the trash" in text(again)
    assert Activity.objects.filter(action="expense.deleted").count() == 1


def test_undo_is_a_post_for_a_payment_only(as_ann, group, ann, bob):
    expense = add_expense(group, ann, [ann, bob], amount="30.00")
    assert as_ann.post(url("payment-undo", group, expense)).status_code == 404
    assert as_ann.get(url("payment-undo", group, expense)).status_code == 405
    assert Expense.objects.live().get() == expense
