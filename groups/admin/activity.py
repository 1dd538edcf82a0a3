"""The activity log in the admin: read-only, as it is a record of what happened."""

from django.contrib import admin

from groups.models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("at", "group", "actor", "action", "summary")
    list_filter = ("action", "at")
    list_select_related = ("group", "actor")
    search_fields = ("summary", "action", "group__name", "actor__username")
    date_hierarchy = "at"
    fields = (
        "at",
        "group",
        "actor",
        "action",
        "object_type",
        "object_id",
        "expense",
        "summary",
        "changes",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
