"""Adding and editing an expense (four splits, one or several payers), and the list's filters.

The form takes one row per active member: a box "takes part", their part (an exact amount,
a percentage or a number of shares; unused for an equal split) and, when several people
paid, what they paid. It checks the shape of each value; whether the parts add up is the
split's business (``groups.domain.money``), checked by the service on save and by
``split_preview`` for the live preview. The currency, rate, category, notes and repeat are
in ``ledger_fields``.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils import timezone

from groups.domain.money import SPLIT_METHODS
from groups.models import Expense, Group, GroupMember
from groups.services.expenses import Participant, Payer
from groups.web.forms.base import AmountField, DateWidget, WebForm, member_choices
from groups.web.forms.ledger_fields import LedgerFieldsMixin, ledger_initial
from groups.web.forms.preview import SplitPreview, split_preview

SEVERAL = "several"
PART_HELP = {
    "equal": "",
    "exact": "the amount each person owes",
    "percent": "a percentage for each person (together 100)",
    "shares": "a number of shares for each person (empty counts as 1)",
}


class PartField(forms.DecimalField):
    """One person's part: an amount, a percentage or a weight; positive."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            max_digits=16,
            decimal_places=6,
            widget=forms.NumberInput(attrs={"step": "any", "min": "0", "inputmode": "decimal"}),
            **kwargs,
        )

    def validate(self, value):
        super().validate(value)
        if value is not None and value <= 0:
            raise forms.ValidationError("Must be more than zero.")


@dataclass
class PersonRow:
    """One member's inputs on the expense form."""

    member: GroupMember
    takes_part: forms.BoundField  # the member's checkbox among ``participants``
    part: forms.BoundField
    paid: forms.BoundField


class ExpenseForm(LedgerFieldsMixin, WebForm):
    """An expense: what, how much, who paid, and how it is split among whom.

    ``editing`` leaves out the repeat (a series starts when an expense is recorded).
    """

    description = forms.CharField(max_length=200)
    amount = AmountField()
    date = forms.DateField(required=False, widget=DateWidget(), initial=timezone.localdate)
    paid_by = forms.ChoiceField(label="Paid by")
    split = forms.ChoiceField(
        choices=list(SPLIT_METHODS.items()), widget=forms.RadioSelect, initial="equal"
    )
    participants = forms.TypedMultipleChoiceField(
        coerce=int,
        label="For whom",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who shares this expense."},
    )

    def __init__(
        self,
        *args,
        group: Group,
        members: list[GroupMember],
        payer: GroupMember,
        editing: bool = False,
        rates_url: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.add_ledger_fields(group, repeats=not editing, rates_url=rates_url)
        self.members = members
        choices = member_choices(members)
        self.fields["paid_by"].choices = [
            *[(str(pk), name) for pk, name in choices],
            (SEVERAL, "Several people (amounts below)"),
        ]
        self.fields["paid_by"].initial = str(payer.pk)
        self.fields["participants"].choices = choices
        self.fields["participants"].initial = [m.pk for m in members]
        for member in members:
            self.fields[f"part_{member.pk}"] = PartField(label=f"{member.name}'s part")
            self.fields[f"paid_{member.pk}"] = AmountField(
                required=False,
                label=f"{member.name} paid",
                widget=forms.NumberInput(
                    attrs={
                        "step": "0.01",
                        "min": "0.01",
                        "inputmode": "decimal",
                        "data-payer-amount": "",
                    }
                ),
            )

    def people(self) -> list[PersonRow]:
        """One row of inputs per member, in the order of the group."""
        boxes = {int(box.data["value"]): box for box in self["participants"]}
        return [
            PersonRow(m, boxes[m.pk], self[f"part_{m.pk}"], self[f"paid_{m.pk}"])
            for m in self.members
        ]

    def part_help(self) -> str:
        return PART_HELP.get(self["split"].value() or "equal", "")

    # --- reading the inputs -------------------------------------------------------------------

    def chosen_participants(self) -> list[tuple[GroupMember, Decimal | None]]:
        """The checked members with their parts (as typed; equal splits take none)."""
        data = self.cleaned_data
        chosen = set(data.get("participants") or [])
        split = data.get("split")
        rows = []
        for member in self.members:
            if member.pk not in chosen:
                continue
            value = data.get(f"part_{member.pk}")
            if split == "equal":
                value = None
            elif split == "shares" and value is None and f"part_{member.pk}" not in self.errors:
                value = Decimal(1)
            rows.append((member, value))
        return rows

    def chosen_payers(self) -> list[tuple[GroupMember, Decimal]]:
        """Who paid what: the one payer chosen (the whole amount), or each amount typed."""
        data = self.cleaned_data
        paid_by = data.get("paid_by")
        if paid_by == SEVERAL:
            return [(m, data[f"paid_{m.pk}"]) for m in self.members if data.get(f"paid_{m.pk}")]
        if not paid_by or "amount" not in data:
            return []
        return [(m, data["amount"]) for m in self.members if str(m.pk) == paid_by]

    def clean(self):
        data = super().clean()
        split = data.get("split")
        if split in ("exact", "percent"):
            for member, value in self.chosen_participants():
                if value is None and f"part_{member.pk}" not in self.errors:
                    self.add_error(f"part_{member.pk}", "Needed for this split.")
        typed = [m for m in self.members if data.get(f"paid_{m.pk}")]
        if data.get("paid_by") == SEVERAL and not typed:
            self.add_error("paid_by", "Enter what each person paid.")
        elif data.get("paid_by") not in (None, "", SEVERAL) and typed:
            self.add_error(
                "paid_by",
                "Choose “Several people” to use the amounts each person paid, "
                "or clear those amounts.",
            )
        self.clean_ledger(data)
        return data

    def service_arguments(self) -> dict:
        """The cleaned form as keyword arguments of expense_create / expense_update."""
        data = self.cleaned_data
        return {
            "description": data["description"],
            "amount": data["amount"],
            "date": data["date"],
            "split": data["split"],
            "participants": [Participant(m.pk, v) for m, v in self.chosen_participants()],
            "payers": [Payer(m.pk, amount) for m, amount in self.chosen_payers()],
            **self.ledger_arguments(),
        }

    def split_preview(self) -> SplitPreview:
        """Each person's part as the split would make it, or why it cannot be made yet."""
        return split_preview(self)


def initial_from_expense(expense: Expense, values: list[Decimal | None] | None) -> dict:
    """The expense form's initial data for editing ``expense`` (its shares prefetched)."""
    shares = list(expense.shares.all())
    payers = [s for s in shares if s.paid]
    owing = [s for s in shares if s.owed]
    initial = {
        "description": expense.description,
        "amount": expense.amount,
        "date": expense.date,
        "split": expense.split if values is not None else "exact",
        "participants": [s.member_id for s in owing],
        **ledger_initial(expense),
    }
    if len(payers) == 1:
        initial["paid_by"] = str(payers[0].member_id)
    else:
        initial["paid_by"] = SEVERAL
        initial.update({f"paid_{s.member_id}": s.paid for s in payers})
    parts = values if values is not None else [s.owed for s in owing]
    for share, value in zip(owing, parts, strict=True):
        if value is not None:
            initial[f"part_{share.member_id}"] = f"{value.normalize():f}"  # 2, not 2.000000
    return initial


class ExpenseFilterForm(forms.Form):
    """The expense list's filters, read from the query string."""

    q = forms.CharField(required=False, max_length=200, label="Search descriptions")
    member = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Member")
    kind = forms.ChoiceField(
        required=False, choices=[("", "Expenses and payments"), *Expense.Kind.choices]
    )
    date_after = forms.DateField(required=False, label="From", widget=DateWidget())
    date_before = forms.DateField(required=False, label="Until", widget=DateWidget())
    category = forms.ChoiceField(required=False, label="Category")

    # The category's "none" choice needs a value of its own: "" means "any category".
    NO_CATEGORY = "-"

    def __init__(self, *args, members: list[GroupMember], categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "Anyone"), *member_choices(members)]
        self.fields["category"].choices = [
            ("", "Any category"),
            (self.NO_CATEGORY, "No category"),
            *((choice.slug, choice.name) for choice in categories),
        ]

    def category_slug(self) -> str | None:
        """The category to narrow to: None for any, "" for expenses without one."""
        chosen = self.cleaned_data.get("category", "")
        if not chosen:
            return None
        return "" if chosen == self.NO_CATEGORY else chosen
