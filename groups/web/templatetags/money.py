"""Template filters for money: ``{{ amount|money:group.currency }}`` and balances in words."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from groups.web.money import format_money

register = template.Library()


@register.filter
def money(amount, currency: str) -> str:
    """An amount in ``currency``, formatted for the active locale."""
    if amount is None or amount == "":
        return ""
    return format_money(Decimal(amount), currency)


@register.simple_tag
def balance(amount, currency: str, you: bool = False):
    """A balance said in words as well as in colour: "gets back €5.00", "owes €5.00"."""
    amount = Decimal(amount or 0)
    if amount > 0:
        verb = "you get back" if you else "gets back"
        css = "pos"
    elif amount < 0:
        verb = "you owe" if you else "owes"
        css = "neg"
    else:
        return format_html('<span class="balance zero">{}</span>', "settled up")
    return format_html(
        '<span class="balance {}"><span class="verb">{}</span> {}</span>',
        css,
        verb,
        format_money(abs(amount), currency),
    )


@register.filter
def sub(amount, other):
    """``amount`` minus ``other`` (e.g. what a share paid minus what it owes)."""
    return Decimal(amount) - Decimal(other)
