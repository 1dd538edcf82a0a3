"""Groups that share costs, their members, and the expenses and payments between them."""

from groups.models.activity import Activity
from groups.models.expenses import Expense, Share
from groups.models.groups import Group
from groups.models.invites import InviteLink
from groups.models.members import GroupMember, GroupMemberQuerySet
from groups.models.recurring import RecurringOccurrence, RecurringSeries

__all__ = [
    "Activity",
    "Expense",
    "Group",
    "GroupMember",
    "GroupMemberQuerySet",
    "InviteLink",
    "RecurringOccurrence",
    "RecurringSeries",
    "Share",
]
