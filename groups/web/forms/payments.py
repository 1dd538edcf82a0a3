"""Recording that one member paid another."""

from django import forms

from groups.web.forms.base import AmountField, DateWidget, MemberChoiceField, WebForm


class PaymentForm(WebForm):
    """One member paid another back."""

    from_member = MemberChoiceField(label="From")
    to_member = MemberChoiceField(label="To")
    amount = AmountField()
    date = forms.DateField(required=False, widget=DateWidget())

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_member"].set_members(members)
        self.fields["to_member"].set_members(members)
