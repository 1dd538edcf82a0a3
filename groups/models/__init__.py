"""Groups that share costs, their members, and the expenses and payments between them, with
their categories, comments, exchange rates, recurring series, invite links and activity, and
their spending per day."""

from groups.models.activity import Activity
from groups.models.categories import Category
from groups.models.comments import Comment
from groups.models.expenses import Expense, Share
from groups.models.groups import Group
from groups.models.invites import InviteLink
from groups.models.members import GroupMember, GroupMemberQuerySet
from groups.models.rates import ExchangeRate
from groups.models.recurring import RecurringOccurrence, RecurringSeries
from groups.models.spending import DaySpending, MemberDaySpending

__all__ = [
    "Activity",
    "Category",
    "Comment",
    "DaySpending",
    "ExchangeRate",
    "Expense",
    "Group",
    "GroupMember",
    "GroupMemberQuerySet",
    "InviteLink",
    "MemberDaySpending",
    "RecurringOccurrence",
    "RecurringSeries",
    "Share",
]
