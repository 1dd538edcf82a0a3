"""Forms of the web pages: they check the shape of a request; the services check the rules."""

from decimal import Decimal

from django import forms

from groups.domain.money import MAX_AMOUNT
from groups.forms import CurrencyField
from groups.models import GroupMember


def member_choices(members: list[GroupMember]) -> list[tuple[int, str]]:
    return [(m.pk, m.name) for m in members]


class AmountField(forms.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(
            max_digits=12,
            decimal_places=2,
            min_value=Decimal("0.01"),
            max_value=MAX_AMOUNT,
            widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01"}),
            **kwargs,
        )


class GroupCreateForm(forms.Form):
    name = forms.CharField(max_length=100)
    currency = CurrencyField()


class MemberAddForm(forms.Form):
    """A guest by name, or a registered user by username (optionally under another name)."""

    name = forms.CharField(max_length=100, required=False, label="Guest name")
    username = forms.CharField(max_length=150, required=False, label="or username")

    def clean_username(self):
        # Whether such an account exists is the service's to answer, without telling.
        return self.cleaned_data["username"].strip() or None

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not cleaned_data["name"].strip() and not cleaned_data["username"]:
            raise forms.ValidationError("Give a guest's name or a user's username.")
        return cleaned_data


class ExpenseForm(forms.Form):
    """An expense paid by one member and split equally among the checked participants."""

    description = forms.CharField(max_length=200)
    amount = AmountField()
    paid_by = forms.TypedChoiceField(coerce=int)
    participants = forms.TypedMultipleChoiceField(coerce=int, widget=forms.CheckboxSelectMultiple)
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, members: list[GroupMember], payer: GroupMember, **kwargs):
        super().__init__(*args, **kwargs)
        choices = member_choices(members)
        self.fields["paid_by"].choices = choices
        self.fields["paid_by"].initial = payer.pk
        self.fields["participants"].choices = choices
        self.fields["participants"].initial = [m.pk for m in members]


class PaymentForm(forms.Form):
    """One member paid another back."""

    from_member = forms.TypedChoiceField(coerce=int, label="From")
    to_member = forms.TypedChoiceField(coerce=int, label="To")
    amount = AmountField()

    def __init__(self, *args, members: list[GroupMember], payer: GroupMember, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_member"].choices = member_choices(members)
        self.fields["from_member"].initial = payer.pk
        self.fields["to_member"].choices = member_choices(members)


class ManagerForm(forms.Form):
    """Who manages one member: a choice among the members eligible to (see eligible_managers)."""

    manager = forms.TypedChoiceField(coerce=int, label="Managed by")

    def __init__(self, *args, choices: list[GroupMember], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].choices = member_choices(choices)
