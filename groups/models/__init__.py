"""Groups that share costs, their members, and the expenses and payments between them, with
their categories, comments and the group's exchange rates."""

from groups.models.categories import Category
from groups.models.comments import Comment
from groups.models.expenses import Expense, Share
from groups.models.groups import Group
from groups.models.members import GroupMember, GroupMemberQuerySet
from groups.models.rates import ExchangeRate

__all__ = [
    "Category",
    "Comment",
    "ExchangeRate",
    "Expense",
    "Group",
    "GroupMember",
    "GroupMemberQuerySet",
    "Share",
]
