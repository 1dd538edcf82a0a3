"""The expense form's ledger fields: currency and exchange rate, category, notes and repeat.

Each value is checked by the function the API's services use (``groups.domain.currencies``,
``groups.domain.recurrence``, the services' category, notes and rate checks), so a refused
value is shown beside its field in the API's words, before anything is written. The rate
follows the service's rule: 1 in the group's currency; in another, the rate typed, else the
group's latest rate dated on or before the expense's date; with neither, the form asks for one.
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from groups.domain.currencies import CurrencyError, check_currency, currency_choices, parse_rate
from groups.domain.recurrence import MAX_INTERVAL, Repeat, RepeatError, check_repeat
from groups.forms import CurrencyField
from groups.models import Expense, Group
from groups.models.expenses import MAX_NOTES
from groups.selectors.categories import categories_of
from groups.selectors.rates import latest_rate, rate_currencies
from groups.services.categories import check_category
from groups.services.common import check_notes
from groups.services.rates import rate_for
from groups.web.forms.base import DateWidget

# The API's units (RepeatSerializer's "every"), as people say them.
REPEAT_CHOICES = [
    ("", "Does not repeat"),
    ("day", "Daily"),
    ("week", "Weekly"),
    ("month", "Monthly"),
    ("year", "Yearly"),
]
REPEAT_FIELDS = ("repeat_every", "repeat_interval", "repeat_until")
# The API's words for over-long notes (a CharField's max_length in Django REST framework).
NOTES_TOO_LONG = "Ensure this field has no more than {} characters."


def currency_options(group: Group) -> list:
    """The currency picker's choices: the group's, those it has rates for, then every other."""
    names = dict(currency_choices())
    with_rates = [code for code in rate_currencies(group) if code != group.currency]
    first = {group.currency, *with_rates}
    options = [("The group's currency", [(group.currency, names.get(group.currency))])]
    if with_rates:
        options.append(("With a rate in this group", [(c, names[c]) for c in with_rates]))
    options.append(("Every currency", [(c, n) for c, n in names.items() if c not in first]))
    return options


class RateField(forms.CharField):
    """An exchange rate as the API takes it: positive, finite, at most 10 decimals; or empty."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_rate(value)
        except CurrencyError as error:
            raise forms.ValidationError(error.message, code="invalid") from None


def plain(rate: Decimal | None) -> str:
    """A rate as the rate input shows it: 0.8, never 8E-1."""
    return "" if rate is None else f"{rate:f}"


def suggested_rate(group: Group, currency: object, day: object) -> str:
    """The group's rate for ``currency`` on ``day`` (an ISO date, else today), or ""."""
    try:
        code = check_currency(currency)
    except CurrencyError:
        return ""
    if code == group.currency:
        return ""
    try:
        on = datetime.date.fromisoformat(day) if day else timezone.localdate()
    except (TypeError, ValueError):
        on = timezone.localdate()
    return plain(latest_rate(group, code, on))


class LedgerFieldsMixin:
    """Adds the ledger fields to a form with an expense's ``date``; see the module docstring."""

    group: Group
    rate: Decimal | None = None  # the rate the expense will use, once the form is clean

    def add_ledger_fields(self, group: Group, *, repeats: bool, rates_url: str = "") -> None:
        self.group = group
        currency = CurrencyField(
            required=False,
            min_length=None,
            max_length=None,
            initial=group.currency,
            help_text=None,
            widget=forms.Select(choices=currency_options(group)),
        )
        if rates_url:
            # With htmx, choosing a currency fills in the group's rate for it (see expense_rate).
            currency.widget.attrs.update(
                {
                    "hx-get": rates_url,
                    "hx-trigger": "change",
                    "hx-target": "#rate-field",
                    "hx-swap": "outerHTML",
                    "hx-include": "[name='date']",
                }
            )
        self.fields["currency"] = currency
        self.fields["exchange_rate"] = RateField(
            required=False,
            label="Exchange rate",
            help_text=f"How many {group.currency} one unit of the currency is worth. Empty: "
            "the group's latest rate on or before the date.",
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )
        self.fields["category"] = forms.CharField(
            required=False,
            widget=forms.Select(
                choices=[("", "No category"), *((c.slug, c.name) for c in categories_of(group))]
            ),
        )
        self.fields["notes"] = forms.CharField(
            required=False,
            strip=False,
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTES}),
        )
        if not repeats:
            return
        self.fields["repeat_every"] = forms.ChoiceField(
            required=False, choices=REPEAT_CHOICES, label="How often"
        )
        self.fields["repeat_interval"] = forms.IntegerField(
            required=False,
            min_value=1,
            max_value=MAX_INTERVAL,
            initial=1,
            label="Every how many",
            help_text="1: every day, week, month or year; 2: every other one; and so on.",
        )
        self.fields["repeat_until"] = forms.DateField(
            required=False,
            label="Until",
            help_text="The last possible date; empty: until it is stopped.",
            widget=DateWidget(),
        )

    # Each check raises the service's own message, shown beside the field.

    def clean_currency(self):
        return self.cleaned_data["currency"] or self.group.currency

    def clean_category(self):
        return _field_check(check_category, "category", self.group, self.cleaned_data["category"])

    def clean_notes(self):
        # A browser sends a textarea's line breaks as CRLF; the text typed has "\n", as JSON has.
        notes = self.cleaned_data["notes"].replace("\r\n", "\n")
        if len(notes) > MAX_NOTES:
            raise forms.ValidationError(NOTES_TOO_LONG.format(MAX_NOTES))
        return _field_check(check_notes, "notes", notes)

    def clean_ledger(self, data: dict) -> None:
        """The checks across fields: the rate for the currency and date, and the repeat rule."""
        day = data.get("date") or timezone.localdate()
        self.rate = None
        if not {"currency", "exchange_rate", "date"} & set(self.errors):
            try:
                self.rate = rate_for(
                    group=self.group,
                    currency=data["currency"],
                    date=day,
                    given=data.get("exchange_rate"),
                )
            except ValidationError as error:
                self.add_service_error(error)
        repeat = self.repeat()
        if repeat is not None and not set(REPEAT_FIELDS) & set(self.errors):
            try:
                check_repeat(repeat, day)
            except RepeatError as error:
                self.add_error(f"repeat_{error.field}", error.message)

    def repeat(self) -> Repeat | None:
        data = self.cleaned_data
        if not data.get("repeat_every"):
            return None
        return Repeat(
            every=data["repeat_every"],
            interval=data.get("repeat_interval") or 1,
            until=data.get("repeat_until"),
        )

    def foreign_currency(self) -> str | None:
        """The expense's currency when it is valid and not the group's."""
        code = self.cleaned_data.get("currency")
        return code if code and code != self.group.currency else None

    def ledger_arguments(self) -> dict:
        """The ledger fields as keyword arguments of expense_create / expense_update.

        The rate goes as typed (None when empty), so the service finds the group's rate itself,
        exactly as for an API call without ``exchange_rate``.
        """
        data = self.cleaned_data
        arguments = {
            "currency": data["currency"],
            "exchange_rate": data.get("exchange_rate"),
            "category": data["category"],
            "notes": data["notes"],
        }
        if "repeat_every" in self.fields:
            arguments["repeat"] = self.repeat()
        return arguments


def ledger_initial(expense: Expense) -> dict:
    """The ledger fields' initial data for editing ``expense``."""
    foreign = expense.currency != expense.group.currency
    return {
        "currency": expense.currency,
        "exchange_rate": plain(expense.exchange_rate) if foreign else "",
        "category": expense.category,
        "notes": expense.notes,
    }


def _field_check(check, field: str, *args):
    try:
        return check(*args)
    except ValidationError as error:
        raise forms.ValidationError(error.message_dict[field]) from None
