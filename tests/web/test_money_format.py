"""Amounts as people read them: the locale's separators and the currency's symbol."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from groups.web.money import format_money


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "shown"),
    [
        ("5000000606.00", "EUR", "en_US", "€5,000,000,606.00"),
        ("1234.50", "JPY", "en_US", "¥1,234.50"),  # two decimals kept: what is stored
        ("1234.56", "EUR", "de_DE", "1.234,56\xa0€"),
        ("0.01", "GBP", "en_GB", "£0.01"),
        ("9999999999.99", "USD", "en_US", "$9,999,999,999.99"),
    ],
)
def test_format_money(amount, currency, locale, shown):
    assert format_money(Decimal(amount), currency, locale=locale) == shown


def test_the_filter_follows_the_active_language():
    template = Template("{% load money %}{{ amount|money:'EUR' }}")
    with translation.override("de"):
        assert template.render(Context({"amount": Decimal("1234.50")})) == "1.234,50\xa0€"
    assert template.render(Context({"amount": Decimal("1234.50")})) == "€1,234.50"


@pytest.mark.parametrize(
    ("amount", "words"),
    [("5.00", "gets back</span> €5.00"), ("-5.00", "owes</span> €5.00"), ("0", "settled up")],
)
def test_balances_are_said_in_words_not_only_colour(amount, words):
    html = Template("{% load money %}{% balance amount 'EUR' %}").render(
        Context({"amount": Decimal(amount)})
    )
    assert words in html
