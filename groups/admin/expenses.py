"""Expenses in the admin: description, date and category only; money changes elsewhere.

Editing money in the admin would bypass the split rules, so amounts and shares change through
the API or the web pages only. Deleting moves to the trash; the "restore" action brings back.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from groups.models import Expense, Share
from groups.services.expenses import expense_delete, expense_update
from groups.services.trash import expense_restore


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
    list_display = ("description", "group", "kind", "amount", "date", "in_trash")
    list_filter = ("kind", ("deleted_at", admin.EmptyFieldListFilter), "date")
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
        "deleted_at",
    )
    inlines = [ShareInline]
    actions = ["restore"]

    readonly_fields = (
        "group",
        "kind",
        "amount",
        "split",
        "created_by",
        "created_at",
        "updated_at",
        "deleted_at",
    )

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

    def has_add_permission(self, request):
        return False  # splitting needs the split rules: use the API or the web pages

    def has_change_permission(self, request, obj=None):
        if obj is not None and (obj.kind == Expense.Kind.PAYMENT or obj.deleted_at is not None):
            return False  # a payment is its parties and amount; the trash is restored first
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        expense_update(
            expense=obj,
            description=data["description"],
            date=data["date"],
            category=data["category"],
            actor=request.user,
        )

    def delete_model(self, request, obj):
        expense_delete(expense=obj, actor=request.user)  # to the trash

    def delete_queryset(self, request, queryset):
        for expense in queryset:
            expense_delete(expense=expense, actor=request.user)
