"""0008 fills every member's maintained totals from the live shares; rolled back, the columns
go and the shares are untouched."""

from decimal import Decimal

from django.db import connection
from django.utils import timezone

BEFORE = ("groups", "0007_expense_amount_checks")
AFTER = ("groups", "0008_member_totals")


def seed(apps):
    """Two groups; in the first, one live expense, one trashed, and a member without shares."""
    User = apps.get_model("auth", "User")
    Group = apps.get_model("groups", "Group")
    GroupMember = apps.get_model("groups", "GroupMember")
    Expense = apps.get_model("groups", "Expense")
    Share = apps.get_model("groups", "Share")
    ann = User.objects.create(username="ann")
    trip, flat = (Group.objects.create(name=name, created_by=ann) for name in ("Trip", "Flat"))
    payer = GroupMember.objects.create(group=trip, user=ann, name="ann", role="admin")
    kid = GroupMember.objects.create(group=trip, name="Kid")
    GroupMember.objects.create(group=trip, name="Nobody")
    other = GroupMember.objects.create(group=flat, name="Flatmate")

    def expense(group, amount, shares, trashed=False):
        row = Expense.objects.create(
            group=group,
            description="x",
            amount=Decimal(amount),
            group_amount=Decimal(amount),
            deleted_at=timezone.now() if trashed else None,
        )
        for member, paid, owed in shares:
            Share.objects.create(
                expense=row,
                group=group,
                member=member,
                paid=Decimal(paid),
                owed=Decimal(owed),
                in_trash=trashed,
            )

    expense(trip, "30.00", [(payer, "30.00", "10.01"), (kid, "0", "19.99")])
    expense(trip, "8.00", [(kid, "8.00", "4.00"), (payer, "0", "4.00")], trashed=True)
    expense(flat, "5.00", [(other, "5.00", "5.00")])


def totals(apps) -> dict[str, tuple[Decimal, Decimal]]:
    GroupMember = apps.get_model("groups", "GroupMember")
    return {m.name: (m.total_paid, m.total_owed) for m in GroupMember.objects.all()}


def test_the_totals_are_the_live_shares_sums_and_go_back_cleanly(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    seed(old.apps)

    new = migrator.apply_tested_migration(AFTER)

    assert totals(new.apps) == {
        "ann": (Decimal("30.00"), Decimal("10.01")),
        "Kid": (Decimal("0.00"), Decimal("19.99")),
        "Nobody": (Decimal("0.00"), Decimal("0.00")),
        "Flatmate": (Decimal("5.00"), Decimal("5.00")),
    }

    back = migrator.apply_tested_migration(BEFORE)

    columns = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "group_members"
        )
    }
    assert not {"total_paid", "total_owed"} & columns
    assert back.apps.get_model("groups", "Share").objects.count() == 5
