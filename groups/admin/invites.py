"""Invite links in the admin: which groups have a working link; disabled through the service."""

from django.contrib import admin, messages

from groups.admin.forms import site_admin_actor
from groups.models import InviteLink
from groups.services.invites import invite_disable


@admin.register(InviteLink)
class InviteLinkAdmin(admin.ModelAdmin):
    list_display = ("group", "created_by", "created_at", "disabled_at")
    list_filter = (("disabled_at", admin.EmptyFieldListFilter),)
    list_select_related = ("group", "created_by")
    search_fields = ("group__name",)
    fields = ("group", "created_by", "created_at", "disabled_at")
    readonly_fields = fields
    actions = ["disable"]

    @admin.action(description="Disable the selected links")
    def disable(self, request, queryset):
        for invite in queryset.active().select_related("group"):
            group = invite.group
            invite_disable(group=group, actor=site_admin_actor(group=group, user=request.user))
        messages.success(request, "Disabled.")

    def has_add_permission(self, request):
        return False  # group admins make links through the API or the web pages

    def has_delete_permission(self, request, obj=None):
        return False
