"""The members' maintained totals equal the aggregate over the shares after every API write.

A hypothesis state machine sends random sequences of writes over HTTP — expenses of each split,
one payer or several, edits of the money and of the text alone, deletes, restores, payments,
guests added, removed and managed — and after every step compares each member's stored paid
and owed with the sums over the group's live shares, and the balances endpoint with them.
"""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from groups.models import Expense, GroupMember
from groups.services.totals import share_sums
from tests.api.paths import group_path, manager_path
from tests.factories import GroupFactory, UserFactory, admin_of

pytestmark = pytest.mark.django_db

ZERO = Decimal("0.00")
SPLITS = ["equal", "exact", "percent", "shares"]
cents = st.integers(min_value=1, max_value=500_000)


def participants_for(split: str, members: list[int], total_cents: int, draw) -> list[dict]:
    """Participants for ``split`` whose values add up as the split requires."""
    if split == "equal":
        return [{"member": m} for m in members]
    if split == "shares":
        return [{"member": m, "value": str(draw(st.integers(1, 5)))} for m in members]
    whole = total_cents if split == "exact" else 10_000  # percent in hundredths
    count = len(members) - 1
    cuts = sorted(draw(st.lists(st.integers(0, whole), min_size=count, max_size=count)))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, whole], strict=True)]
    return [
        {"member": m, "value": str(Decimal(part).scaleb(-2))}
        for m, part in zip(members, parts, strict=True)
    ]


class TotalsMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.client = None

    @initialize()
    def a_group(self):
        user = UserFactory()
        self.group = GroupFactory(created_by=user)
        self.owner = admin_of(self.group)
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        for name in ("Bea", "Cal"):
            self.add_guest(name)

    def add_guest(self, name):
        response = self.client.post(
            group_path(self.group, "members"), {"name": name}, format="json"
        )
        assert response.status_code in (201, 400), response.content

    def active(self) -> list[int]:
        return list(
            GroupMember.objects.filter(group=self.group, is_active=True).values_list(
                "pk", flat=True
            )
        )

    def expenses(self, **filters) -> list[int]:
        rows = Expense.objects.filter(group=self.group, **filters)
        return list(rows.order_by("pk").values_list("pk", flat=True))

    def body(self, data) -> dict:
        active = self.active()
        people = data.draw(st.lists(st.sampled_from(active), min_size=1, unique=True))
        amount = data.draw(cents)
        split = data.draw(st.sampled_from(SPLITS))
        payers = data.draw(st.lists(st.sampled_from(active), min_size=1, max_size=2, unique=True))
        body = {
            "description": "thing",
            "amount": str(Decimal(amount).scaleb(-2)),
            "split": split,
            "participants": participants_for(split, people, amount, data.draw),
        }
        if len(payers) == 1 or amount < 2:
            body["paid_by"] = payers[0]
        else:
            first = data.draw(st.integers(1, amount - 1))
            body["payers"] = [
                {"member": payers[0], "amount": str(Decimal(first).scaleb(-2))},
                {"member": payers[1], "amount": str(Decimal(amount - first).scaleb(-2))},
            ]
        return body

    @rule(data=st.data())
    def add_expense(self, data):
        response = self.client.post(
            group_path(self.group, "expenses"), self.body(data), format="json"
        )
        assert response.status_code in (201, 400), response.content

    @rule(data=st.data())
    def edit_money(self, data):
        live = self.expenses(deleted_at__isnull=True, kind="expense")
        if live:
            expense = data.draw(st.sampled_from(live))
            path = group_path(self.group, "expenses", expense)
            response = self.client.put(path, self.body(data), format="json")
            assert response.status_code in (200, 400), response.content

    @rule(data=st.data())
    def edit_description(self, data):
        live = self.expenses(deleted_at__isnull=True, kind="expense")
        if live:
            path = group_path(self.group, "expenses", data.draw(st.sampled_from(live)))
            response = self.client.patch(path, {"description": "renamed"}, format="json")
            assert response.status_code in (200, 400), response.content

    @rule(data=st.data())
    def delete(self, data):
        live = self.expenses(deleted_at__isnull=True)
        if live:
            path = group_path(self.group, "expenses", data.draw(st.sampled_from(live)))
            assert self.client.delete(path).status_code in (204, 400)

    @rule(data=st.data())
    def restore(self, data):
        trashed = self.expenses(deleted_at__isnull=False)
        if trashed:
            path = group_path(self.group, "expenses", data.draw(st.sampled_from(trashed)))
            assert self.client.post(path + "restore/").status_code in (200, 400)

    @rule(data=st.data(), amount=cents)
    def pay(self, data, amount):
        active = self.active()
        if len(active) < 2:
            return
        pair = data.draw(st.lists(st.sampled_from(active), min_size=2, max_size=2, unique=True))
        response = self.client.post(
            group_path(self.group, "payments"),
            {"from_member": pair[0], "to_member": pair[1], "amount": str(Decimal(amount) / 100)},
            format="json",
        )
        assert response.status_code in (201, 400), response.content

    @rule(name=st.sampled_from(["Dee", "Eli", "Fay"]))
    def guest_joins(self, name):
        self.add_guest(name)

    @rule(data=st.data())
    def guest_leaves(self, data):
        others = [m for m in self.active() if m != self.owner.pk]
        if others:
            member = data.draw(st.sampled_from(others))
            # Refused (400) unless their balance is zero: either way, nothing drifts.
            response = self.client.delete(group_path(self.group, "members", member))
            assert response.status_code in (204, 400), response.content

    @rule(data=st.data())
    def set_manager(self, data):
        others = [m for m in self.active() if m != self.owner.pk]
        if others:
            member = data.draw(st.sampled_from(others))
            response = self.client.put(
                manager_path(self.group, member), {"manager": self.owner.pk}, format="json"
            )
            assert response.status_code in (200, 400), response.content

    @invariant()
    def totals_equal_the_shares(self):
        if self.client is None:
            return
        sums = share_sums(self.group.pk)
        stored = {
            member_id: (paid, owed)
            for member_id, paid, owed in GroupMember.objects.filter(group=self.group).values_list(
                "pk", "total_paid", "total_owed"
            )
        }
        assert stored == {member: sums.get(member, (ZERO, ZERO)) for member in stored}

        balances = self.client.get(group_path(self.group, "balances")).json()
        shown = {row["member"]: Decimal(row["balance"]) for row in balances["members"]}
        for member, balance in shown.items():
            paid, owed = sums.get(member, (ZERO, ZERO))
            assert balance == paid - owed
        assert sum(shown.values(), ZERO) == ZERO


TotalsMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_totals_follow_every_write(db):
    TotalsMachine.TestCase().runTest()
