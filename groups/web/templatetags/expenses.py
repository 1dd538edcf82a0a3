"""Template filters that say who paid an expense and whom a payment went to."""

from django import template

register = template.Library()


@register.filter
def payers(expense) -> str:
    """The names of who paid towards ``expense`` (its shares prefetched with their members)."""
    return ", ".join(s.member.name for s in expense.shares.all() if s.paid)


@register.filter
def payees(expense) -> str:
    """The names of who owes part of ``expense``; for a payment, whom it went to."""
    return ", ".join(s.member.name for s in expense.shares.all() if s.owed)
