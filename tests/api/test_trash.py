"""Deleting moves an expense or payment to the trash; restoring brings back exactly the same."""

import pytest

from groups.models import Expense, Share
from groups.services.members import member_deactivate
from groups.services.payments import payment_create
from tests.api.paths import group_path
from tests.api.snapshots import expense_rows
from tests.factories import add_expense

pytestmark = pytest.mark.django_db


def balances(api, group) -> dict:
    body = api.get(group_path(group, "balances")).json()
    return {
        "members": {row["member"]: row["balance"] for row in body["members"]},
        "aggregated": {row["member"]: row["balance"] for row in body["aggregated"]},
        "settle_up": body["settle_up"],
    }


def share_rows(expense_id) -> list[tuple]:
    return list(
        Share.objects.filter(expense_id=expense_id)
        .order_by("pk")
        .values_list("pk", "member_id", "group_id", "paid", "owed", "in_trash")
    )


@pytest.fixture
def dinner(group, ann, bob, kid):
    add_expense(group, bob, [ann, bob], amount="20.00")
    return add_expense(group, ann, [ann, bob, kid], amount="90.00")


def test_delete_changes_the_balances_and_restore_brings_them_back_exactly(
    api, group, ann, bob, kid, dinner
):
    before_balances, before_shares = balances(api, group), share_rows(dinner.pk)
    before_body = api.get(group_path(group, "expenses", dinner)).json()

    assert api.delete(group_path(group, "expenses", dinner)).status_code == 204

    assert before_balances["members"] == {ann.pk: "50.00", bob.pk: "-20.00", kid.pk: "-30.00"}
    assert balances(api, group)["members"] == {ann.pk: "-10.00", bob.pk: "10.00", kid.pk: "0.00"}

    response = api.post(group_path(group, "expenses", dinner, "restore"))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == dinner.pk
    assert body["shares"] == before_body["shares"]
    assert {k: v for k, v in body.items() if k != "updated_at"} == {
        k: v for k, v in before_body.items() if k != "updated_at"
    }
    assert balances(api, group) == before_balances
    assert share_rows(dinner.pk) == before_shares  # same rows: ids, members, amounts


def test_a_payment_goes_to_the_trash_and_back_too(api, group, ann, bob):
    payment = payment_create(
        group=group, created_by=None, from_member_id=bob.pk, to_member_id=ann.pk, amount="4.00"
    )
    before = balances(api, group)

    assert api.delete(group_path(group, "expenses", payment)).status_code == 204
    assert api.get(group_path(group, "payments")).json()["count"] == 0
    assert api.get(group_path(group, "payments", payment)).status_code == 404
    assert balances(api, group)["members"] == {ann.pk: "0.00", bob.pk: "0.00"}

    assert api.post(group_path(group, "expenses", payment, "restore")).status_code == 200
    assert balances(api, group) == before


def test_the_trash_is_left_out_of_lists_and_settle_up_and_listed_on_its_own(api, group, dinner):
    api.delete(group_path(group, "expenses", dinner))
    listed = api.get(group_path(group, "expenses")).json()
    trash = api.get(group_path(group, "expenses") + "?deleted=true").json()
    live = api.get(group_path(group, "expenses") + "?deleted=false").json()

    assert dinner.pk not in [e["id"] for e in listed["results"]]
    assert listed == live
    assert [e["id"] for e in trash["results"]] == [dinner.pk]
    assert trash["results"][0]["deleted_at"] is not None
    transfers = balances(api, group)["settle_up"]
    assert [t["amount"] for t in transfers] == ["10.00"]  # the 20.00 split by bob, alone


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_a_trashed_expense_is_not_found_where_live_ones_are(api, group, ann, dinner, method):
    api.delete(group_path(group, "expenses", dinner))
    body = {
        "description": "Back",
        "amount": "1.00",
        "paid_by": ann.pk,
        "split": "equal",
        "participants": [{"member": ann.pk}],
    }

    response = getattr(api, method)(group_path(group, "expenses", dinner), body, format="json")

    assert response.status_code == 404


def test_deleted_must_be_true_or_false(api, group):
    response = api.get(group_path(group, "expenses") + "?deleted=maybe")

    assert response.status_code == 400
    assert "deleted" in response.json()


def test_restoring_a_live_expense_is_refused(api, group, dinner):
    response = api.post(group_path(group, "expenses", dinner, "restore"))

    assert response.status_code == 400
    assert "not in the trash" in response.json()["expense"][0]


def test_a_restore_that_would_involve_a_member_who_left_is_refused_naming_them(
    api, group, ann, kid
):
    expense = add_expense(group, ann, [ann, kid], amount="10.00")
    api.delete(group_path(group, "expenses", expense))
    member_deactivate(member=kid, actor=ann)  # Kid's balance is zero without the trashed one
    before = expense_rows()

    response = api.post(group_path(group, "expenses", expense, "restore"))

    assert response.status_code == 400
    assert "Kid" in response.json()["shares"][0]
    assert expense_rows() == before
    assert Expense.objects.get(pk=expense.pk).deleted_at is not None


def test_a_member_whose_expenses_are_all_in_the_trash_may_leave(api, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid], amount="10.00")
    assert api.delete(group_path(group, "members", kid)).status_code == 400  # owes 5.00

    api.delete(group_path(group, "expenses", expense))

    assert api.delete(group_path(group, "members", kid)).status_code == 204


def test_deleting_twice_is_not_found_the_second_time(api, group, dinner):
    assert api.delete(group_path(group, "expenses", dinner)).status_code == 204
    assert api.delete(group_path(group, "expenses", dinner)).status_code == 404
