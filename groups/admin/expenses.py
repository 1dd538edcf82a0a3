"""Expenses in the admin: description, date and category only; money changes elsewhere.

Editing money in the admin would bypass the split rules, so amounts and shares change through
the API or the web pages only.
"""

from django.contrib import admin

from groups.models import Expense, Share
from groups.services.expenses import expense_delete, expense_update


class ShareInline(admin.TabularInline):
    model = Share
    fields = ("member", "paid", "owed")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Expense)
class ExpenseAdmin(admin.ModelAdmin):
    list_display = ("description", "group", "kind", "amount", "date")
    list_filter = ("kind", "date")
    list_select_related = ("group",)
    search_fields = ("description", "group__name")
    date_hierarchy = "date"
    fields = (
        "group",
        "kind",
        "description",
        "amount",
        "split",
        "date",
        "category",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = [ShareInline]

    readonly_fields = ("group", "kind", "amount", "split", "created_by", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False  # splitting needs the split rules: use the API or the web pages

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.kind == Expense.Kind.PAYMENT:
            return False  # a payment is its parties and amount: nothing here to edit
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        expense_update(
            expense=obj,
            description=data["description"],
            date=data["date"],
            category=data["category"],
        )

    def delete_model(self, request, obj):
        expense_delete(expense=obj)

    def delete_queryset(self, request, queryset):
        for expense in queryset:
            expense_delete(expense=expense)
