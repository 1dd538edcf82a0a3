"""0010 fills the spending per day from the live expenses (payments and the trash left out);
rolled back, the tables go, the statistics indexes come back and the expenses are untouched."""

import datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone

BEFORE = ("groups", "0009_statistics_indexes")
AFTER = ("groups", "0010_spending_per_day")
DAY = datetime.date(2026, 11, 2)
NEXT_DAY = datetime.date(2026, 11, 3)


def seed(apps):
    """A trip: two live expenses on one day, one the next, one trashed, one payment."""
    User = apps.get_model("auth", "User")
    Group = apps.get_model("groups", "Group")
    GroupMember = apps.get_model("groups", "GroupMember")
    Expense = apps.get_model("groups", "Expense")
    Share = apps.get_model("groups", "Share")
    ann = User.objects.create(username="ann")
    trip = Group.objects.create(name="Trip", created_by=ann)
    payer = GroupMember.objects.create(group=trip, user=ann, name="ann", role="admin")
    kid = GroupMember.objects.create(group=trip, name="Kid")

    def expense(amount, shares, *, date=DAY, category="food", kind="expense", trashed=False):
        row = Expense.objects.create(
            group=trip,
            kind=kind,
            description="x",
            amount=Decimal(amount),
            group_amount=Decimal(amount),
            date=date,
            category=category,
            deleted_at=timezone.now() if trashed else None,
        )
        for member, paid, owed in shares:
            Share.objects.create(
                expense=row,
                group=trip,
                member=member,
                paid=Decimal(paid),
                owed=Decimal(owed),
                in_trash=trashed,
            )

    expense("30.00", [(payer, "30.00", "10.01"), (kid, "0", "19.99")])
    expense("4.00", [(kid, "4.00", "4.00")])
    expense("6.00", [(payer, "6.00", "3.00"), (kid, "0", "3.00")], category="", date=NEXT_DAY)
    expense("8.00", [(kid, "8.00", "4.00"), (payer, "0", "4.00")], trashed=True)
    expense("2.00", [(kid, "2.00", "0"), (payer, "0", "2.00")], kind="payment")


def test_the_spending_is_the_live_expenses_sums_and_goes_back_cleanly(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    seed(old.apps)

    new = migrator.apply_tested_migration(AFTER)

    days = new.apps.get_model("groups", "DaySpending").objects.all()
    assert {(d.date, d.category): d.amount for d in days} == {
        (DAY, "food"): Decimal("34.00"),
        (NEXT_DAY, ""): Decimal("6.00"),
    }
    member_days = new.apps.get_model("groups", "MemberDaySpending").objects.all()
    assert {(m.member.name, m.date): (m.paid, m.owed) for m in member_days} == {
        ("ann", DAY): (Decimal("30.00"), Decimal("10.01")),
        ("Kid", DAY): (Decimal("4.00"), Decimal("23.99")),
        ("ann", NEXT_DAY): (Decimal("6.00"), Decimal("3.00")),
        ("Kid", NEXT_DAY): (Decimal("0.00"), Decimal("3.00")),
    }

    back = migrator.apply_tested_migration(BEFORE)

    tables = connection.introspection.table_names()
    assert not {"day_spending", "member_day_spending"} & set(tables)
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "expenses")
    assert {"expense_group_spending", "expense_group_payments"} <= set(indexes)
    assert back.apps.get_model("groups", "Expense").objects.count() == 5
