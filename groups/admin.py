"""The Django admin for groups, members and expenses; every write goes through the services.

Expenses are read-only here apart from their description, date and category: editing money in
the admin would bypass the split rules, so amounts and shares change through the API or the
web pages only. Members are deactivated, never deleted; groups are deleted by the service.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.html import format_html, format_html_join

from groups import services
from groups.forms import (
    GroupAdminForm,
    MemberAdminForm,
    MemberChangeForm,
    MemberInlineFormSet,
    site_admin_actor,
)
from groups.models import Expense, Group, GroupMember, Share
from groups.selectors import group_balance_sheet


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
        sheet = group_balance_sheet(obj)
        names = {row.member.pk: row.member.name for row in sheet.members}
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
                (names[party.member], party.balance, ", ".join(names[i] for i in party.includes))
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
            actor = site_admin_actor(group=obj, user=request.user)
            services.group_update(group=obj, actor=actor, name=obj.name, currency=obj.currency)
            return
        created = services.group_create(creator=request.user, name=obj.name, currency=obj.currency)
        # The admin goes on with the object its form built: make it the saved group.
        obj.pk, obj.created_by, obj.created_at = created.pk, created.created_by, created.created_at
        obj.currency, obj._state = created.currency, created._state

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Members are never deleted on their own (see GroupMemberAdmin), but go with their group.
        perms_needed.discard(GroupMember._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.group_delete(group=obj, actor=site_admin_actor(group=obj, user=request.user))

    def delete_queryset(self, request, queryset):
        for group in queryset:
            self.delete_model(request, group)


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
        services.expense_update(
            expense=obj,
            description=data["description"],
            date=data["date"],
            category=data["category"],
        )

    def delete_model(self, request, obj):
        services.expense_delete(expense=obj)

    def delete_queryset(self, request, queryset):
        for expense in queryset:
            services.expense_delete(expense=expense)


def _table(headers, rows):
    """A small read-only HTML table, every cell escaped."""
    head = format_html_join("", "<th>{}</th>", ((h,) for h in headers))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((c,) for c in r)),) for r in rows)
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)
