"""Input that used to be read generously is refused: signs and spaces around amounts, values
with an equal split, dates out of any plausible range, and JSON objects with a key twice."""

import pytest

from groups.models import Expense
from tests.api.paths import group_path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("amount", ["+5", "  5  ", " 5", "5 ", "+5.00", "\t5"])
def test_an_amount_with_a_sign_or_spaces_is_refused(api, group, body, amount):
    response = api.post(group_path(group, "expenses"), {**body, "amount": amount}, format="json")

    assert response.status_code == 400
    assert "amount" in response.json()
    assert not Expense.objects.exists()


@pytest.mark.parametrize("value", ["+2", " 2 "])
def test_a_participant_value_with_a_sign_or_spaces_is_refused(api, group, body, value):
    body = {**body, "split": "shares"}
    body["participants"] = [{**p, "value": value} for p in body["participants"]]

    response = api.post(group_path(group, "expenses"), body, format="json")

    assert response.status_code == 400
    assert "participants" in response.json()


def test_a_payment_amount_with_a_plus_is_refused(api, group, ann, kid):
    response = api.post(
        group_path(group, "payments"),
        {"from_member": kid.pk, "to_member": ann.pk, "amount": "+5"},
        format="json",
    )

    assert response.status_code == 400
    assert "amount" in response.json()


@pytest.mark.parametrize("value", ["1", "50", 3])
def test_a_value_with_an_equal_split_is_refused(api, group, body, value):
    body["participants"][0]["value"] = value

    response = api.post(group_path(group, "expenses"), body, format="json")

    assert response.status_code == 400
    assert "equal" in str(response.json()["participants"])
    assert not Expense.objects.exists()


def test_an_equal_split_may_say_value_null(api, group, body):
    body["participants"][0]["value"] = None

    assert api.post(group_path(group, "expenses"), body, format="json").status_code == 201


@pytest.mark.parametrize("date", ["1899-12-31", "0001-01-01", "2201-01-01", "9999-12-31"])
def test_a_date_out_of_range_is_refused(api, group, ann, kid, body, date):
    payment = {"from_member": kid.pk, "to_member": ann.pk, "amount": "5.00", "date": date}

    expense = api.post(group_path(group, "expenses"), {**body, "date": date}, format="json")
    paid = api.post(group_path(group, "payments"), payment, format="json")

    for response in (expense, paid):
        assert response.status_code == 400
        assert "date" in response.json()
    assert not Expense.objects.exists()


@pytest.mark.parametrize("date", ["1900-01-01", "2200-12-31"])
def test_the_first_and_last_dates_are_accepted(api, group, body, date):
    response = api.post(group_path(group, "expenses"), {**body, "date": date}, format="json")

    assert response.status_code == 201
    assert response.json()["date"] == date


@pytest.mark.parametrize(
    "raw",
    [
        '{"name": "Zoe", "name": "Kid"}',
        '{"username": "bob", "name": "Zoe", "name": "Zed"}',
        '[{"a": 1, "a": 2}]',
    ],
)
def test_a_json_object_with_a_key_twice_is_refused(api, group, ann, raw):
    response = api.generic(
        "POST", group_path(group, "members"), raw, content_type="application/json"
    )

    assert response.status_code == 400
    assert "twice" in response.json()["detail"]
    assert group.members.count() == 1


def test_a_key_twice_in_a_nested_object_is_refused(api, group, ann, kid):
    raw = (
        f'{{"description": "x", "amount": "9.00", "paid_by": {ann.pk}, "split": "equal",'
        f' "participants": [{{"member": {ann.pk}, "member": {kid.pk}}}]}}'
    )

    response = api.generic("POST", group_path(group, "expenses"), raw, "application/json")

    assert response.status_code == 400
    assert not Expense.objects.exists()
