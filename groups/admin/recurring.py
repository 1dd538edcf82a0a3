"""Recurring series in the admin: each with its next date; stopped through the service."""

from django.contrib import admin, messages

from groups.models import RecurringSeries
from groups.services.recurring import series_stop


@admin.register(RecurringSeries)
class RecurringSeriesAdmin(admin.ModelAdmin):
    list_display = ("description", "group", "rule", "next_date", "active", "state")
    list_filter = ("active", "every")
    list_select_related = ("group", "expense")
    search_fields = ("expense__description", "group__name")
    fields = (
        "group",
        "expense",
        "every",
        "interval",
        "until",
        "first_date",
        "next_date",
        "active",
        "paused_reason",
        "created_by",
        "created_at",
        "stopped_at",
    )
    readonly_fields = fields
    actions = ["stop"]

    @admin.display(description="Expense", ordering="expense__description")
    def description(self, series):
        return series.expense.description

    @admin.display(description="Repeats")
    def rule(self, series):
        return series.describe()

    @admin.display(description="State")
    def state(self, series):
        if series.stopped_at:
            return "stopped"
        if series.paused_reason:
            return "paused"
        return "running" if series.active else "ended"

    @admin.action(description="Stop the selected series (what they created stays)")
    def stop(self, request, queryset):
        for series in queryset:
            series_stop(series=series, actor=request.user)
        messages.success(request, f"Stopped {queryset.count()} series.")

    def has_add_permission(self, request):
        return False  # a series starts with an expense recorded through the API

    def has_delete_permission(self, request, obj=None):
        return False  # stop it instead: deleting would lose which dates were created
