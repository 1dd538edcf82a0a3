"""Groups that share costs, their members, and the expenses and payments between them."""

from groups.models.expenses import Expense, Share
from groups.models.groups import Group
from groups.models.members import GroupMember, GroupMemberQuerySet

__all__ = ["Expense", "Group", "GroupMember", "GroupMemberQuerySet", "Share"]
