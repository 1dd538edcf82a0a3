"""Creating and changing a group."""

from django import forms

from groups.forms import CurrencyField
from groups.web.forms.base import WebForm


class GroupForm(WebForm):
    """A group's name and currency."""

    name = forms.CharField(max_length=100)
    currency = CurrencyField(widget=forms.TextInput(attrs={"autocapitalize": "characters"}))
