"""Every expense recorded so far is in its group's currency at the rate 1: say so.

0003 added ``currency``, ``exchange_rate`` (default 1) and ``group_amount`` with placeholder
values; this copies each group's currency onto its expenses and each amount into its group
amount, one UPDATE for the whole table.

Going back, before 0003's reversal removes the three columns, an expense recorded in another
currency takes its group amount as its amount: before 0003 every amount is in the group's
currency, and its shares (always in the group's currency) add up to the group amount. The
amount in the other currency goes with the columns (safe_migrate keeps it in its backup).
"""

from django.db import migrations
from django.db.models import F, OuterRef, Subquery


def fill_group_amounts(apps, schema_editor):
    Expense = apps.get_model("groups", "Expense")
    Group = apps.get_model("groups", "Group")
    currency = Group.objects.filter(pk=OuterRef("group_id")).values("currency")[:1]
    Expense.objects.update(group_amount=F("amount"), currency=Subquery(currency))


def amounts_in_group_currency(apps, schema_editor):
    Expense = apps.get_model("groups", "Expense")
    Expense.objects.exclude(amount=F("group_amount")).update(amount=F("group_amount"))


class Migration(migrations.Migration):

    dependencies = [
        ("groups", "0004_currencies_categories_comments"),
    ]

    operations = [
        migrations.RunPython(fill_group_amounts, amounts_in_group_currency, elidable=False),
    ]
