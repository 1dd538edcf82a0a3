"""Members in the admin: deactivated, never deleted; managers set through the services."""

from django.contrib import admin

from groups.admin.forms import MemberChangeForm, site_admin_actor
from groups.models import GroupMember


@admin.register(GroupMember)
class GroupMemberAdmin(admin.ModelAdmin):
    form = MemberChangeForm
    list_display = ("name", "group", "user", "role", "is_active", "managed_by_name")
    list_filter = ("group", "role", "is_active")
    list_select_related = ("group", "user")
    search_fields = ("name", "user__username", "group__name")
    fields = ("group", "name", "user", "role", "is_active", "manager")
    readonly_fields = ("group",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_manager_name()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.actor_user = request.user  # a fresh class per request
        return form

    @admin.display(description="Managed by", ordering="manager_name")
    def managed_by_name(self, obj):
        return obj.manager_name or "—"

    def has_add_permission(self, request):
        return False  # add members on their group's page

    def has_delete_permission(self, request, obj=None):
        return False  # members are deactivated, never deleted

    def save_model(self, request, obj, form, change):
        actor = site_admin_actor(group=obj.group, user=request.user)
        member = form.apply_membership(actor)
        form.apply_manager(member, actor)
