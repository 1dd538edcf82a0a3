"""Expenses in the admin: description, date, category and notes only; money changes elsewhere.

Editing money in the admin would bypass the split rules, so amounts, currencies, rates and
shares change through the API or the web pages only. Deleting moves to the trash; the
"restore" action brings back.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from groups.forms import add_service_error
from groups.models import Comment, Expense, Share
from groups.selectors.categories import categories_of
from groups.services.expenses import expense_delete, expense_update
from groups.services.trash import expense_restore


class ShareInline(admin.TabularInline):
    model = Share
    fields = ("member", "paid", "owed")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "shares (in the group's currency)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CommentInline(admin.TabularInline):
    model = Comment
    fields = ("author", "text", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


EDITABLE = ("description", "date", "category", "notes")


class ExpenseAdminForm(forms.ModelForm):
    """Description, date, category (a choice among the group's) and notes, saved by the
    service, whose refusals show on the form."""

    category = forms.ChoiceField(required=False)

    class Meta:
        model = Expense
        fields = EDITABLE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")]
        if self.instance.pk is not None:
            choices += [(c.slug, c.name) for c in categories_of(self.instance.group)]
        self.fields["category"].choices = choices

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and self.instance.pk is not None:
            # A dry run of the save, rolled back: a refusal shows on the form, not as a 500.
            try:
                with transaction.atomic():
                    self.apply()
                    transaction.set_rollback(True)
            except (ValidationError, PermissionDenied) as error:
                add_service_error(self, error)
        return cleaned_data

    def apply(self, actor=None) -> Expense:
        """Save the changes through the service, on the expense as stored, as ``actor``."""
        return expense_update(
            expense=Expense.objects.get(pk=self.instance.pk),
            actor=actor,
            **{key: self.cleaned_data[key] for key in EDITABLE},
        )


@admin.register(Expense)
class ExpenseAdmin(admin.ModelAdmin):
    form = ExpenseAdminForm
    list_display = (
        "description",
        "group",
        "kind",
        "amount",
        "currency",
        "group_amount",
        "date",
        "in_trash",
    )
    list_filter = ("kind", "currency", ("deleted_at", admin.EmptyFieldListFilter), "date")
    list_select_related = ("group",)
    search_fields = ("description", "notes", "group__name")
    date_hierarchy = "date"
    fields = (
        "group",
        "kind",
        "description",
        "amount",
        "currency",
        "exchange_rate",
        "group_amount",
        "split",
        "date",
        "category",
        "notes",
        "created_by",
        "created_at",
        "updated_at",
        "deleted_at",
    )
    inlines = [ShareInline, CommentInline]
    actions = ["restore"]

    readonly_fields = (
        "group",
        "kind",
        "amount",
        "currency",
        "exchange_rate",
        "group_amount",
        "split",
        "created_by",
        "created_at",
        "updated_at",
        "deleted_at",
    )

    def has_add_permission(self, request):
        return False  # splitting needs the split rules: use the API or the web pages

    def has_change_permission(self, request, obj=None):
        if obj is not None and (obj.kind == Expense.Kind.PAYMENT or obj.deleted_at is not None):
            return False  # a payment is its parties and amount; the trash is restored first
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        form.apply(actor=request.user)

    def delete_model(self, request, obj):
        expense_delete(expense=obj, actor=request.user)  # to the trash

    def delete_queryset(self, request, queryset):
        for expense in queryset:
            expense_delete(expense=expense, actor=request.user)

    @admin.display(description="In the trash", boolean=True, ordering="deleted_at")
    def in_trash(self, obj):
        return obj.deleted_at is not None

    @admin.action(description="Restore the selected expenses from the trash")
    def restore(self, request, queryset):
        for expense in queryset.trashed():
            try:
                expense_restore(expense=expense, actor=request.user)
            except ValidationError as error:
                messages.error(request, f"{expense.description}: {' '.join(error.messages)}")
