"""A group is invisible to everyone who is not an active member of it."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from groups.models import Activity, Expense, GroupMember, InviteLink, RecurringSeries, Share
from groups.services.expenses import expense_delete
from groups.services.members import member_deactivate
from groups.services.payments import payment_create
from tests.factories import GuestFactory, add_expense, add_repeating_expense, admin_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip(group, ann, kid):
    """Trip's ids: an expense and a payment to aim at."""
    expense = add_expense(group, ann, [ann, kid])
    payment = payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="1.00"
    )
    trashed = add_expense(group, ann, [ann, kid])
    expense_delete(expense=trashed)
    series = add_repeating_expense(group, ann, [ann, kid], first=date(2026, 1, 1))
    return {
        "group": group.pk,
        "kid": kid.pk,
        "ann": ann.pk,
        "expense": expense.pk,
        "payment": payment.pk,
        "trashed": trashed.pk,
        "series": series.started_series.pk,
    }


def requests_on(ids):
    """Every route of a group, with a plausible body."""
    g = f"/api/groups/{ids['group']}"
    member = f"{g}/members/{ids['kid']}/"
    expense = {
        "description": "x",
        "amount": "1.00",
        "paid_by": ids["ann"],
        "split": "equal",
        "participants": [{"member": ids["ann"]}],
    }
    return [
        ("get", f"{g}/", None),
        ("patch", f"{g}/", {"name": "Mine"}),
        ("delete", f"{g}/", None),
        ("get", f"{g}/balances/", None),
        ("get", f"{g}/members/", None),
        ("post", f"{g}/members/", {"name": "Spy"}),
        ("get", member, None),
        ("patch", member, {"name": "Spy"}),
        ("delete", member, None),
        ("put", f"{member}manager/", {"manager": ids["ann"]}),
        ("delete", f"{member}manager/", None),
        ("get", f"{g}/expenses/", None),
        ("post", f"{g}/expenses/", expense),
        ("get", f"{g}/expenses/{ids['expense']}/", None),
        ("put", f"{g}/expenses/{ids['expense']}/", expense),
        ("patch", f"{g}/expenses/{ids['expense']}/", {"description": "Mine"}),
        ("delete", f"{g}/expenses/{ids['expense']}/", None),
        ("get", f"{g}/payments/", None),
        ("get", f"{g}/payments/{ids['payment']}/", None),
        (
            "post",
            f"{g}/payments/",
            {"from_member": ids["kid"], "to_member": ids["ann"], "amount": "1"},
        ),
        ("get", f"{g}/expenses/?deleted=true", None),
        ("post", f"{g}/expenses/{ids['trashed']}/restore/", None),
        ("get", f"{g}/expenses/{ids['expense']}/activity/", None),
        ("get", f"{g}/activity/", None),
        ("get", f"{g}/recurring/", None),
        ("get", f"{g}/recurring/{ids['series']}/", None),
        ("delete", f"{g}/recurring/{ids['series']}/", None),
        ("post", f"{g}/recurring/{ids['series']}/resume/", None),
        ("get", f"{g}/invite/", None),
        ("post", f"{g}/invite/", None),
        ("delete", f"{g}/invite/", None),
    ]


def snapshot():
    return (
        list(GroupMember.objects.order_by("pk").values()),
        list(Expense.objects.order_by("pk").values()),
        list(Share.objects.order_by("pk").values()),
        list(RecurringSeries.objects.order_by("pk").values()),
        list(InviteLink.objects.order_by("pk").values()),
        Activity.objects.count(),
    )


def test_an_outsider_gets_404_everywhere(api_as, eve, eves_group, trip):
    client = api_as(eve)
    before = snapshot()

    for method, path, body in requests_on(trip):
        response = getattr(client, method)(path, body, format="json")
        assert response.status_code == 404, (method, path, response.status_code)

    assert snapshot() == before
    assert client.get("/api/groups/").json()["count"] == 1


def test_a_member_who_left_gets_404_everywhere(api_as, group, bob, trip):
    member_deactivate(member=bob, actor=admin_of(group))
    client = api_as(bob.user)

    for method, path, body in requests_on(trip):
        response = getattr(client, method)(path, body, format="json")
        assert response.status_code == 404, (method, path, response.status_code)


def test_anonymous_callers_are_401_everywhere(trip):
    client = APIClient()
    for method, path, body in requests_on(trip):
        response = getattr(client, method)(path, body, format="json")
        assert response.status_code == 401, (method, path, response.status_code)


def test_another_groups_ids_are_refused_in_ones_own_group(api_as, eve, eves_group, trip):
    """Eve, admin of her own group, names Trip's members there: 400, nothing written."""
    client = api_as(eve)
    mine = f"/api/groups/{eves_group.pk}"
    eve_member = admin_of(eves_group)
    own_guest = GuestFactory(group=eves_group, name="Guest")
    before = snapshot()

    expense = client.post(
        f"{mine}/expenses/",
        {
            "description": "x",
            "amount": "10.00",
            "paid_by": eve_member.pk,
            "split": "equal",
            "participants": [{"member": eve_member.pk}, {"member": trip["kid"]}],
        },
        format="json",
    )
    payer = client.post(
        f"{mine}/expenses/",
        {
            "description": "x",
            "amount": "10.00",
            "paid_by": trip["ann"],
            "split": "equal",
            "participants": [{"member": eve_member.pk}],
        },
        format="json",
    )
    payment = client.post(
        f"{mine}/payments/",
        {"from_member": trip["kid"], "to_member": eve_member.pk, "amount": "1.00"},
        format="json",
    )
    manager = client.put(
        f"{mine}/members/{own_guest.pk}/manager/", {"manager": trip["ann"]}, format="json"
    )
    foreign_member_here = client.get(f"{mine}/members/{trip['kid']}/")
    foreign_expense_here = client.get(f"{mine}/expenses/{trip['expense']}/")

    assert (expense.status_code, list(expense.json())) == (400, ["participants"])
    assert (payer.status_code, list(payer.json())) == (400, ["paid_by"])
    assert (payment.status_code, list(payment.json())) == (400, ["from_member"])
    assert (manager.status_code, list(manager.json())) == (400, ["manager"])
    assert foreign_member_here.status_code == 404
    assert foreign_expense_here.status_code == 404
    assert snapshot() == before


def test_filters_cannot_reach_into_another_group(api_as, eve, eves_group, trip):
    response = api_as(eve).get(
        f"/api/groups/{eves_group.pk}/expenses/", {"payer": trip["ann"], "participant": trip["kid"]}
    )

    assert response.status_code == 200
    assert response.json()["count"] == 0
