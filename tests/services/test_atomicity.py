"""A fault between an expense's row and its shares leaves nothing behind.

The faults are injected where it hurts most: the expense row is already written and its shares
are not. These tests run with real transactions (``transaction=True``), so the service's
``atomic`` is the outermost transaction, exactly as under a web request.
"""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from groups.models import Expense, Share
from groups.services.expenses import Participant, Payer, expense_create, expense_update
from groups.services.payments import payment_create
from tests.factories import add_expense

pytestmark = pytest.mark.django_db(transaction=True)


class InjectedFault(Exception):
    """The failure the tests inject; nothing in the code catches it."""


@pytest.fixture
def fail_before_shares(monkeypatch):
    """Make writing shares fail, after checking the expense row was written first."""
    rows_seen = []

    def bulk_create(objs, *args, **kwargs):
        objs = list(objs)
        rows_seen.append(Expense.objects.filter(pk=objs[0].expense_id).exists())
        raise InjectedFault("after the expense row, before its shares")

    monkeypatch.setattr(Share.objects, "bulk_create", bulk_create)
    return rows_seen


def test_a_failed_expense_leaves_neither_row_nor_shares(group, ann, bob, fail_before_shares):
    with pytest.raises(InjectedFault):
        expense_create(
            group=group,
            created_by=None,
            description="Dinner",
            amount=Decimal("90.00"),
            split="shares",
            participants=[Participant(ann.pk, Decimal(2)), Participant(bob.pk, Decimal(1))],
            payers=[Payer(ann.pk, Decimal("90.00"))],
        )

    assert fail_before_shares == [True]
    assert not Expense.objects.exists()
    assert not Share.objects.exists()


def test_a_failed_payment_leaves_neither_row_nor_shares(group, ann, bob, fail_before_shares):
    with pytest.raises(InjectedFault):
        payment_create(
            group=group, created_by=None, from_member_id=bob.pk, to_member_id=ann.pk, amount="5"
        )

    assert fail_before_shares == [True]
    assert not Expense.objects.exists()
    assert not Share.objects.exists()


def test_a_failed_edit_keeps_the_old_amount_and_shares(group, ann, bob, monkeypatch):
    expense = add_expense(group, ann, [ann, bob], amount="30.00")
    before = sorted(Share.objects.values_list("member", "paid", "owed"))

    def bulk_create(objs, *args, **kwargs):
        # The old shares are already deleted and the new amount saved at this point.
        assert not Share.objects.filter(expense=expense).exists()
        raise InjectedFault("after the new amount, before the new shares")

    monkeypatch.setattr(Share.objects, "bulk_create", bulk_create)
    with pytest.raises(InjectedFault):
        expense_update(
            expense=expense,
            amount="100.00",
            split="equal",
            participants=[Participant(ann.pk), Participant(bob.pk)],
            payers=[Payer(bob.pk, Decimal("100.00"))],
        )

    expense.refresh_from_db()
    assert expense.amount == Decimal("30.00")
    assert sorted(Share.objects.values_list("member", "paid", "owed")) == before


@pytest.mark.parametrize(
    "route, body",
    [
        (
            "expenses",
            {"description": "Dinner", "amount": "90.00", "paid_by": "ann", "split": "equal"},
        ),
        ("payments", {"from_member": "bob", "to_member": "ann", "amount": "30.00"}),
    ],
)
def test_a_fault_inside_a_request_leaves_nothing(
    group, ann, bob, user, fail_before_shares, route, body
):
    ids = {"ann": ann.pk, "bob": bob.pk}
    body = {key: ids.get(value, value) for key, value in body.items()}
    if route == "expenses":
        body["participants"] = [{"member": ann.pk}, {"member": bob.pk}]
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user=user)

    response = client.post(f"/api/groups/{group.pk}/{route}/", body, format="json")

    # An internal fault is a server error by nature; what matters is that nothing is kept.
    assert response.status_code == 500
    assert fail_before_shares == [True]
    assert not Expense.objects.exists()
    assert not Share.objects.exists()
