"""A group's spending per day: what statistics read instead of every expense and share.

Kept in step with the expenses by the same writes, in the same transactions, as the members'
maintained totals (groups/services/totals.py): so statistics cost one row per day and category
and one per day and member, over a date range or all time, whatever the number of expenses.
Expenses only: payments move money between members but are nobody's spending.
"""

from django.db import models

from groups.fields import MoneyField
from groups.models.groups import Group
from groups.models.members import GroupMember


class DaySpending(models.Model):
    """The total of a group's live expenses of one day and category, in the group's currency.

    A row may hold zero once its expenses are trashed or moved: statistics leave it out.
    """

    # No index of its own: the unique (group, date, category) index starts with it.
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+", db_index=False)
    date = models.DateField()
    category = models.CharField(max_length=50, blank=True, default="")
    amount = MoneyField(default=0)

    class Meta:
        db_table = "day_spending"
        constraints = [
            # The writes add to a row by this key (INSERT … ON CONFLICT); statistics read a
            # range of it.
            models.UniqueConstraint(fields=["group", "date", "category"], name="day_spending_once"),
        ]

    def __str__(self):
        return f"{self.date} {self.category or 'uncategorised'}: {self.amount}"


class MemberDaySpending(models.Model):
    """What one member paid towards and owes of a day's live expenses, in the group's currency.

    Over a day, Σ paid = Σ owed = the day's spending over every category.
    """

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+", db_index=False)
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    paid = MoneyField(default=0)
    owed = MoneyField(default=0)

    class Meta:
        db_table = "member_day_spending"
        constraints = [
            models.UniqueConstraint(
                fields=["group", "date", "member"], name="member_day_spending_once"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.member}: paid {self.paid}, owed {self.owed}"
