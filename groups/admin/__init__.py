"""The Django admin for groups, members, expenses, rates, categories, comments, recurring
series, invite links and the activity log; every write goes through the services.

Expenses are read-only here apart from their description, date, category and notes: editing
money in the admin would bypass the split rules, so amounts, currencies and shares change
through the API or the web pages only. Members are deactivated, never deleted; groups are
deleted by the service. Comments are read and deleted, never written, here.
"""

from groups.admin import activity, expenses, groups, invites, ledger, members, recurring

__all__ = ["activity", "expenses", "groups", "invites", "ledger", "members", "recurring"]
