"""0003-0006 (currencies, categories, notes, comments, rates) on a database with data: apply,
roll back to 0002 and apply again, every row kept and every category restored exactly."""

from decimal import Decimal

from django.db import connection

BEFORE = ("groups", "0002_member_management")
AFTER = ("groups", "0007_expense_amount_checks")
TABLES_AT_0002 = ("expense_groups", "group_members", "expenses", "expense_shares")
LEDGER_TABLES = {"exchange_rates", "expense_categories", "expense_comments"}

# The free text people typed as a category, and what each becomes: (category, notes).
TYPED = {
    "": ("", ""),
    "food": ("food", ""),
    "Food": ("food", ""),
    "  Dining   out ": ("restaurants", ""),
    "HOTEL": ("lodging", ""),
    "Café": ("restaurants", ""),
    "misc": ("other", ""),
    "Bowling night": ("", "Bowling night"),
    "home": ("", "home"),
    "x" * 50: ("", "x" * 50),
}


def tables() -> set[str]:
    return set(connection.introspection.table_names())


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES_AT_0002:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def seed_at_0002(apps):
    """A group in pounds with an expense for each typed category, each with two shares."""
    User = apps.get_model("auth", "User")
    Group = apps.get_model("groups", "Group")
    GroupMember = apps.get_model("groups", "GroupMember")
    Expense = apps.get_model("groups", "Expense")
    Share = apps.get_model("groups", "Share")
    ann = User.objects.create(username="ann")
    group = Group.objects.create(name="London", currency="GBP", created_by=ann)
    payer = GroupMember.objects.create(group=group, user=ann, name="ann", role="admin")
    guest = GroupMember.objects.create(group=group, name="Kid")
    for index, text in enumerate(TYPED):
        amount = Decimal(10 + index)
        expense = Expense.objects.create(
            group=group, description=f"#{index}", amount=amount, category=text
        )
        Share.objects.create(
            expense=expense, group=group, member=payer, paid=amount, owed=amount / 2
        )
        Share.objects.create(expense=expense, group=group, member=guest, owed=amount / 2)


def expenses_at_0002(apps):
    Expense = apps.get_model("groups", "Expense")
    return list(
        Expense.objects.order_by("pk").values_list("pk", "description", "amount", "category")
    )


def test_categories_become_slugs_and_come_back_exactly(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    seed_at_0002(old.apps)
    seeded, counts = expenses_at_0002(old.apps), row_counts()
    assert not LEDGER_TABLES & tables()

    new = migrator.apply_tested_migration(AFTER)

    assert tables() >= LEDGER_TABLES
    assert row_counts() == counts
    Expense = new.apps.get_model("groups", "Expense")
    migrated = list(Expense.objects.order_by("pk"))
    assert [(e.category, e.notes) for e in migrated] == list(TYPED.values())
    assert [e.legacy_category for e in migrated] == list(TYPED)
    # Everything recorded so far was in the group's currency.
    assert {(e.currency, e.exchange_rate) for e in migrated} == {("GBP", Decimal(1))}
    assert all(e.group_amount == e.amount for e in migrated)
    # Written since: a note, a new expense with a slug, a rate, a comment, a category.
    Expense.objects.filter(category="food").update(notes="Kept in the backup only")
    group = migrated[0].group
    Expense.objects.create(
        group=group,
        description="New",
        amount=Decimal(5),
        currency="GBP",
        group_amount=Decimal(5),
        category="transport",
    )

    # And one in dollars: 30.00 USD at 0.5, shares in pounds adding up to 15.00.
    Share = new.apps.get_model("groups", "Share")
    dollars = Expense.objects.create(
        group=group,
        description="Dollars",
        amount=Decimal(30),
        currency="USD",
        exchange_rate=Decimal("0.5"),
        group_amount=Decimal(15),
    )
    for member in group.members.all():
        Share.objects.create(
            expense=dollars, group=group, member=member, paid=Decimal("7.50"), owed=Decimal("7.50")
        )

    back = migrator.apply_tested_migration(BEFORE)

    assert not LEDGER_TABLES & tables()
    assert expenses_at_0002(back.apps)[: len(TYPED)] == seeded
    assert expenses_at_0002(back.apps)[-2][1:] == ("New", Decimal("5.00"), "transport")
    # Before 0003 every amount is in the group's currency: the dollars' became its pounds.
    assert expenses_at_0002(back.apps)[-1][1:3] == ("Dollars", Decimal("15.00"))
    Share = back.apps.get_model("groups", "Share")
    assert sum(s.owed for s in Share.objects.filter(expense__description="Dollars")) == 15

    again = migrator.apply_tested_migration(AFTER)

    Expense = again.apps.get_model("groups", "Expense")
    assert [(e.category, e.notes) for e in Expense.objects.order_by("pk")][: len(TYPED)] == list(
        TYPED.values()
    )
    assert Expense.objects.get(description="New").category == "transport"


def test_the_expense_checks_exist_after_0006(migrator):
    migrator.apply_initial_migration(AFTER)

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "expenses")
    assert {"expense_group_amount_positive", "expense_exchange_rate_positive"} <= set(constraints)
