"""The maintained totals equal the aggregates over the expenses and shares after every API write.

A hypothesis state machine sends random sequences of writes over HTTP — expenses of each split,
one payer or several, on several days and in several categories, edits of the money, of the
day and category, and of the text alone, deletes, restores, payments, guests added, removed and
managed — and after every step compares each member's stored paid and owed with the sums over
the group's live shares, and the balances endpoint with them; and the stored spending per day
with the sums over the live expenses, and the statistics endpoint (all time and over a range)
with sums the test makes itself.
"""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from groups.models import Expense, GroupMember, Share
from groups.services.totals import share_sums, spending_sums, stored_spending
from tests.api.paths import group_path, manager_path
from tests.factories import GroupFactory, UserFactory, admin_of

pytestmark = pytest.mark.django_db

ZERO = Decimal("0.00")
SPLITS = ["equal", "exact", "percent", "shares"]
cents = st.integers(min_value=1, max_value=500_000)
FIRST_DAY = datetime.date(2026, 10, 30)
days = st.integers(0, 4).map(lambda n: (FIRST_DAY + datetime.timedelta(days=n)).isoformat())
categories = st.sampled_from(["", "food", "transport"])


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
            "date": data.draw(days),
            "category": data.draw(categories),
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

    @rule(data=st.data(), day=st.none() | days, category=st.none() | categories)
    def edit_day_or_category(self, data, day, category):
        live = self.expenses(deleted_at__isnull=True, kind="expense")
        if live:
            path = group_path(self.group, "expenses", data.draw(st.sampled_from(live)))
            change = {"date": day, "category": category}
            body = {key: value for key, value in change.items() if value is not None}
            response = self.client.patch(path, body or {"notes": "same"}, format="json")
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

    @invariant()
    def spending_per_day_equals_the_expenses(self):
        if self.client is None:
            return
        assert stored_spending(self.group.pk) == spending_sums(self.group.pk)
        for dates in ({}, {"date_after": "2026-10-31", "date_before": "2026-11-02"}):
            shown = self.client.get(group_path(self.group, "statistics"), dates).json()
            assert shown == self.statistics(**dates)

    def statistics(self, date_after=None, date_before=None) -> dict:
        """The statistics document, summed here from the live expenses and their shares."""
        expenses = Expense.objects.live().filter(group=self.group, kind="expense")
        if date_after:
            expenses = expenses.filter(date__gte=date_after)
        if date_before:
            expenses = expenses.filter(date__lte=date_before)
        by_category, by_month, by_member = {}, {}, {}
        for expense in expenses:
            by_category[expense.category] = (
                by_category.get(expense.category, ZERO) + expense.group_amount
            )
            month = expense.date.strftime("%Y-%m")
            by_month[month] = by_month.get(month, ZERO) + expense.group_amount
        for share in Share.objects.filter(expense__in=expenses).select_related("member"):
            paid, owed = by_member.get(share.member, (ZERO, ZERO))
            by_member[share.member] = (paid + share.paid, owed + share.owed)
        return {
            "currency": self.group.currency,
            "total": str(sum(by_category.values(), ZERO)),
            "by_category": [
                {"category": category, "total": str(total)}
                for category, total in sorted(by_category.items(), key=lambda i: (-i[1], i[0]))
            ],
            "by_month": [
                {"month": month, "total": str(total)} for month, total in sorted(by_month.items())
            ],
            "by_member": [
                {"member": member.pk, "name": member.name, "paid": str(paid), "owed": str(owed)}
                for member, (paid, owed) in sorted(by_member.items(), key=lambda i: i[0].pk)
            ],
        }


TotalsMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_totals_follow_every_write(db):
    TotalsMachine.TestCase().runTest()
