"""Query-string filters for the expense list and the rate table."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from drf_spectacular.utils import extend_schema_field

from groups.domain.currencies import currency_code
from groups.fields import MAX_ID
from groups.models import ExchangeRate, Expense, Share


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class MemberIdFilter(django_filters.NumberFilter):
    """A member id; anything that is not an integer in the database's range is a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    """A query-string boolean: "true" or "false"; anything else is a 400, not a guess."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError('Use "true" or "false".', code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class ExpenseFilter(django_filters.FilterSet):
    """Expenses by date range, payer, participant and kind (expense or payment); the live ones,
    or with deleted=true the trash."""

    date = django_filters.DateFromToRangeFilter(
        label="Date range: date_after and/or date_before (inclusive, YYYY-MM-DD)"
    )
    payer = MemberIdFilter(method="filter_payer", label="A member who paid part of it")
    participant = MemberIdFilter(method="filter_participant", label="A member who owes part")
    kind = django_filters.ChoiceFilter(choices=Expense.Kind.choices)
    deleted = StrictBooleanFilter(
        method="filter_deleted", label="true: the trash (deleted expenses and payments) instead"
    )

    class Meta:
        model = Expense
        fields = ["date", "payer", "participant", "kind", "deleted"]

    def filter_queryset(self, queryset):
        # Without deleted=true only the live ones, so the default needs no parameter.
        in_trash = bool(self.form.cleaned_data.get("deleted"))
        return super().filter_queryset(queryset.trashed() if in_trash else queryset.live())

    def filter_deleted(self, queryset, name, value):
        return queryset  # applied in filter_queryset, with the default

    def filter_payer(self, queryset, name, value: int):
        return queryset.filter(Exists(_shares_of(value).filter(paid__gt=0)))

    def filter_participant(self, queryset, name, value: int):
        return queryset.filter(Exists(_shares_of(value).filter(owed__gt=0)))


def _shares_of(member_id: int):
    return Share.objects.filter(expense=OuterRef("pk"), member_id=member_id)


class RateFilter(django_filters.FilterSet):
    """A group's rates of one currency, its code in any case (?currency=usd)."""

    currency = django_filters.CharFilter(method="filter_currency", label="An ISO 4217 code")

    class Meta:
        model = ExchangeRate
        fields = ["currency"]

    def filter_currency(self, queryset, name, value: str):
        return queryset.filter(currency=currency_code(value))
