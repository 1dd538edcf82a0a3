"""The Django admin for groups, members and expenses; every write goes through the services.

Expenses are read-only here apart from their description, date and category: editing money in
the admin would bypass the split rules, so amounts and shares change through the API or the
web pages only. Members are deactivated, never deleted; groups are deleted by the service.
"""

from groups.admin import activity, expenses, groups, invites, members, recurring

__all__ = ["activity", "expenses", "groups", "invites", "members", "recurring"]
