"""Groups in the admin: their members inline, their balances, writes through the services."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.html import format_html, format_html_join

from groups.admin.forms import (
    GroupAdminForm,
    MemberAdminForm,
    MemberInlineFormSet,
    site_admin_actor,
)
from groups.downloads import export_response
from groups.models import Activity, Group, GroupMember, InviteLink, RecurringSeries
from groups.selectors.balances import group_balance_sheet
from groups.services.groups import group_create, group_delete, group_update


class MemberInline(admin.TabularInline):
    model = GroupMember
    form = MemberAdminForm
    formset = MemberInlineFormSet
    fields = ("name", "user", "role", "is_active", "manager")
    autocomplete_fields = ("user",)
    extra = 1
    can_delete = False  # members leave by being deactivated

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.actor_user = request.user  # a fresh class per request
        return formset


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    form = GroupAdminForm
    list_display = ("name", "currency", "member_count", "created_by", "created_at")
    list_select_related = ("created_by",)
    search_fields = ("name", "created_by__username")
    date_hierarchy = "created_at"
    actions = ["export_json", "export_csv"]

    def get_queryset(self, request):
        active = Count("members", filter=Q(members__is_active=True))
        return super().get_queryset(request).annotate(member_count=active)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("name", "currency")
        return ("name", "currency", "created_by", "created_at", "balances")

    def get_readonly_fields(self, request, obj=None):
        return ("created_by", "created_at", "balances")

    def get_inlines(self, request, obj):
        # A new group gets its creator as admin first; members are added on its change page.
        return [MemberInline] if obj is not None else []

    @admin.display(description="Active members", ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    @admin.display(description="Balances")
    def balances(self, obj):
        sheet = group_balance_sheet(obj, with_accounts=True)
        members = _table(
            ("Member", "Balance", "Managed by"),
            (
                (row.member.name, row.balance, row.manager.name if row.manager else "—")
                for row in sheet.members
            ),
        )
        parties = _table(
            ("Household", "Balance", "Includes"),
            (
                (party.member.name, party.balance, ", ".join(m.name for m in party.includes))
                for party in sheet.aggregated
            ),
        )
        transfers = _table(
            ("From", "To", "Amount"),
            ((t.debtor.name, t.creditor.name, t.amount) for t in sheet.settle_up),
        )
        return format_html(
            "<p>Amounts in {}. Positive: the group owes them.</p>{}{}<p>Settle up:</p>{}",
            obj.currency,
            members,
            parties,
            transfers if sheet.settle_up else format_html("<p>{}</p>", "Nobody owes anything."),
        )

    def save_model(self, request, obj, form, change):
        if change:
            # The form has already set the new values on obj: the service starts from the
            # stored group, so it sees what changes.
            stored = Group.objects.get(pk=obj.pk)
            actor = site_admin_actor(group=stored, user=request.user)
            group_update(group=stored, actor=actor, name=obj.name, currency=obj.currency)
            return
        created = group_create(creator=request.user, name=obj.name, currency=obj.currency)
        # The admin goes on with the object its form built: make it the saved group.
        obj.pk, obj.created_by, obj.created_at = created.pk, created.created_by, created.created_at
        obj.currency, obj._state = created.currency, created._state

    @admin.action(description="Export as JSON")
    def export_json(self, request, queryset):
        return self._export(request, queryset, "json")

    @admin.action(description="Export as CSV")
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    def _export(self, request, queryset, format):
        """One selected group as a download (the same file as the API's export)."""
        groups = list(queryset[:2])
        if len(groups) != 1:
            self.message_user(request, "Select exactly one group to export.", messages.WARNING)
            return None
        return export_response(groups[0], format)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Members, the activity log, series and invite links are never deleted on their own
        # (see their admins), but go with their group.
        for model in (GroupMember, Activity, RecurringSeries, InviteLink):
            perms_needed.discard(model._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        group_delete(group=obj, actor=site_admin_actor(group=obj, user=request.user))

    def delete_queryset(self, request, queryset):
        for group in queryset:
            self.delete_model(request, group)


def _table(headers, rows):
    """A small read-only HTML table, every cell escaped."""
    head = format_html_join("", "<th>{}</th>", ((h,) for h in headers))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((c,) for c in r)),) for r in rows)
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)
