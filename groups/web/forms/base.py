"""What every form of the web pages shares: how it renders, money fields, member choices.

Each form renders through ``web/forms/form.html``: a summary of its errors first (linking to
each field at fault; static/web/app.js moves the focus there), then each field with its
label, help and its own errors, which Django ties to the input with ``aria-describedby``.
"""

from decimal import Decimal

from django import forms
from django.forms.renderers import DjangoTemplates

from groups.domain.money import MAX_AMOUNT
from groups.forms import add_service_error
from groups.models import GroupMember

EMPTY_CHOICE = ("", "Choose…")


class WebRenderer(DjangoTemplates):
    """Django's template renderer, with the web pages' form and field templates."""

    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"


class WebFormMixin:
    """How the web pages' forms render: an error summary, then fields with no label colon."""

    default_renderer = WebRenderer()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "choices")

    def add_service_error(self, error) -> None:
        """Show a service's refusal on the field it names, or in the summary."""
        add_service_error(self, error)

    def error_links(self) -> list[tuple[str, str]]:
        """Each field error as (the id of its input, "Label: message"), for the summary."""
        links = []
        for name, errors in self.errors.items():
            if name == forms.forms.NON_FIELD_ERRORS or name not in self.fields:
                continue
            bound = self[name]
            target = bound.id_for_label or bound.auto_id
            for message in errors:
                links.append((target, f"{bound.label}: {message}"))
        return links


class WebForm(WebFormMixin, forms.Form):
    """A form of the web pages: rendered with an error summary, fields after it."""


def member_choices(members: list[GroupMember]) -> list[tuple[int, str]]:
    return [(m.pk, m.name) for m in members]


class AmountField(forms.DecimalField):
    """An amount of money: positive, at most two decimals and the project's maximum."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"}),
        )
        super().__init__(
            max_digits=12,
            decimal_places=2,
            min_value=Decimal("0.01"),
            max_value=MAX_AMOUNT,
            **kwargs,
        )


class MemberChoiceField(forms.TypedChoiceField):
    """One member of the group, by id; starts on "Choose…" unless given an initial member."""

    def __init__(self, *, members=(), empty=True, **kwargs):
        super().__init__(coerce=int, empty_value=None, **kwargs)
        self.set_members(members, empty=empty)

    def set_members(self, members, *, empty=True) -> None:
        self.choices = [EMPTY_CHOICE] * empty + member_choices(list(members))


class DateWidget(forms.DateInput):
    """The browser's date picker; its value is always an ISO date, whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
