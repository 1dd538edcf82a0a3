"""The rate tables, groups' own categories and comments in the admin, written through the
services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction

from groups.admin.forms import site_admin_actor
from groups.domain.currencies import CurrencyError, parse_rate
from groups.forms import CurrencyField, add_service_error
from groups.models import Category, Comment, ExchangeRate
from groups.services.categories import category_create
from groups.services.comments import comment_delete
from groups.services.rates import rate_delete, rate_set


class RateAdminForm(forms.ModelForm):
    """A rate: the currency checked against ISO 4217 and not the group's own."""

    currency = CurrencyField(initial="")

    class Meta:
        model = ExchangeRate
        fields = ["group", "currency", "date", "rate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # Shown read-only by the admin; a declared field would otherwise stay required.
            self.fields.pop("currency", None)

    def clean_rate(self):
        try:
            return parse_rate(self.cleaned_data["rate"], field="rate")
        except CurrencyError as error:
            raise forms.ValidationError(error.message) from None

    def clean(self):
        cleaned_data = super().clean()
        group, currency = cleaned_data.get("group"), cleaned_data.get("currency")
        if group is not None and currency == group.currency:
            self.add_error("currency", f"{currency} is the group's currency: its rate is 1.")
        return cleaned_data


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    form = RateAdminForm
    list_display = ("group", "currency", "date", "rate")
    list_filter = ("currency",)
    list_select_related = ("group",)
    search_fields = ("group__name", "currency")
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        # A stored rate is its group, currency and day: only its value changes.
        return ("group", "currency", "date") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        saved, _ = rate_set(
            group=obj.group,
            currency=obj.currency,
            rate=obj.rate,
            date=obj.date,
            actor=request.user,
        )
        obj.pk, obj._state = saved.pk, saved._state

    def delete_model(self, request, obj):
        rate_delete(rate=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for rate in queryset:
            rate_delete(rate=rate, actor=request.user)


class CategoryAdminForm(forms.ModelForm):
    """A group's own category: its slug is made from its name by the service."""

    class Meta:
        model = Category
        fields = ["group", "name"]

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors:
            # A dry run of the save, rolled back: the service checks the name, makes the slug.
            try:
                with transaction.atomic():
                    category_create(group=cleaned_data["group"], name=cleaned_data["name"])
                    transaction.set_rollback(True)
            except ValidationError as error:
                add_service_error(self, error)
        return cleaned_data


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryAdminForm
    list_display = ("name", "slug", "group", "created_at")
    list_select_related = ("group",)
    search_fields = ("name", "slug", "group__name")

    def get_fields(self, request, obj=None):
        return ("group", "name") if obj is None else ("group", "name", "slug", "created_at")

    def has_change_permission(self, request, obj=None):
        return False  # expenses refer to the slug: a category stays as it was made

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = category_create(group=data["group"], name=data["name"], actor=request.user)
        obj.pk, obj.slug, obj.name, obj._state = saved.pk, saved.slug, saved.name, saved._state


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("excerpt", "expense", "group", "author", "created_at")
    list_select_related = ("expense", "group", "author")
    search_fields = ("text", "author__username", "group__name")
    date_hierarchy = "created_at"
    fields = ("group", "expense", "author", "text", "created_at")
    readonly_fields = fields

    @admin.display(description="Comment")
    def excerpt(self, obj):
        return obj.text if len(obj.text) <= 60 else obj.text[:60] + "…"

    def has_add_permission(self, request):
        return False  # members comment through the API or the web pages

    def has_change_permission(self, request, obj=None):
        return False  # a comment is what its author wrote

    def delete_model(self, request, obj):
        comment_delete(comment=obj, actor=site_admin_actor(group=obj.group, user=request.user))

    def delete_queryset(self, request, queryset):
        for comment in queryset.select_related("group"):
            self.delete_model(request, comment)
