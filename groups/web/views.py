"""Server-rendered pages: my groups, a group's balances and households, and its forms.

Every write calls the same service as the API and the admin, as the logged-in user's
membership, so a broken rule shows on the form and rule 3 refuses with 403. Groups the user
is not an active member of answer 404, as in the API.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from groups import rules
from groups.fields import MAX_ID
from groups.forms import add_service_error
from groups.models import Group, GroupMember
from groups.selectors.balances import group_balance_sheet
from groups.selectors.expenses import expenses_of
from groups.selectors.groups import groups_for_user, membership_or_404
from groups.services.expenses import Participant, Payer, expense_create, payment_create
from groups.services.groups import group_create as group_create_service
from groups.services.managers import member_clear_manager, member_set_manager
from groups.services.members import member_add as member_add_service
from groups.web.forms import ExpenseForm, GroupCreateForm, ManagerForm, MemberAddForm, PaymentForm

RECENT_EXPENSES = 20


@dataclass
class MemberRow:
    """A member's line on the group page, with what the viewer may do about its manager."""

    member: GroupMember
    balance: Decimal
    manager: GroupMember | None
    manage_form: ManagerForm | None
    may_clear: bool


@login_required
def group_list(request):
    groups = (
        groups_for_user(request.user)
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .order_by("name", "id")
    )
    return render(request, "web/group_list.html", {"groups": groups})


@login_required
def group_create(request):
    form = GroupCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = group_create_service(creator=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Created {group.name}. Add its members below.")
            return redirect("web:group-detail", pk=group.pk)
    return render(request, "web/group_create.html", {"form": form})


@login_required
def group_detail(request, pk):
    group, actor = _group_and_actor(request, pk)
    return _render_group(request, group, actor)


@login_required
@require_POST
def member_add(request, pk):
    group, actor = _group_and_actor(request, pk)
    return _submit(
        request,
        group,
        actor,
        member_form=MemberAddForm(request.POST),
        write=lambda data: member_add_service(
            group=group, name=data["name"], user=data["username"] or None, actor=actor
        ),
        done=lambda member: f"Added {member.name}.",
    )


@login_required
@require_POST
def expense_add(request, pk):
    group, actor = _group_and_actor(request, pk)
    return _submit(
        request,
        group,
        actor,
        expense_form=ExpenseForm(request.POST, members=_active_members(group), payer=actor),
        write=lambda data: expense_create(
            group=group,
            created_by=request.user,
            description=data["description"],
            amount=data["amount"],
            split="equal",
            participants=[Participant(pk) for pk in data["participants"]],
            payers=[Payer(data["paid_by"], data["amount"])],
            date=data["date"],
        ),
        done=lambda expense: f"Added {expense.description} ({expense.amount}).",
    )


@login_required
@require_POST
def payment_add(request, pk):
    group, actor = _group_and_actor(request, pk)
    return _submit(
        request,
        group,
        actor,
        payment_form=PaymentForm(request.POST, members=_active_members(group), payer=actor),
        write=lambda data: payment_create(
            group=group,
            created_by=request.user,
            from_member_id=data["from_member"],
            to_member_id=data["to_member"],
            amount=data["amount"],
        ),
        done=lambda payment: f"Recorded: {payment.description} {payment.amount}.",
    )


@login_required
@require_POST
def member_manager(request, pk, member_id):
    """Set (``action=set``) or clear (``action=clear``) one member's manager."""
    group, actor = _group_and_actor(request, pk)
    if member_id > MAX_ID:
        raise Http404
    member = get_object_or_404(GroupMember, pk=member_id, group=group)
    if request.POST.get("action") == "clear":
        had_manager = member.managed_by_id is not None
        member_clear_manager(member=member, actor=actor)
        if had_manager:
            messages.success(request, f"{member.name} is no longer managed by anyone.")
        return redirect("web:group-detail", pk=group.pk)

    rules.check_may_set(actor=actor, member=member)  # 403 before reading the body
    members = list(group.members.select_related("user"))
    form = ManagerForm(
        request.POST,
        prefix=_manage_prefix(member),
        choices=rules.eligible_managers(member, members),
    )
    if form.is_valid():
        try:
            member_set_manager(member=member, actor=actor, manager_id=form.cleaned_data["manager"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            manager = next(m for m in members if m.pk == form.cleaned_data["manager"])
            messages.success(request, f"{member.name} is now managed by {manager.name}.")
            return redirect("web:group-detail", pk=group.pk)
    # One select per row: the reason goes at the top of the page, where it is always seen.
    for reasons in form.errors.values():
        for reason in reasons:
            messages.error(request, f"{member.name}'s manager was not changed: {reason}")
    return _render_group(request, group, actor)


# --- helpers --------------------------------------------------------------------------------


def _submit(request, group: Group, actor: GroupMember, *, write, done, **bound_form):
    """Validate the one bound form, write through the service, then back to the group page.

    ``write`` takes the form's cleaned data and returns what it wrote; ``done`` says so. A
    refusal is shown on the form, re-rendered in the group page with what was typed.
    """
    [form] = bound_form.values()
    if form.is_valid():
        try:
            written = write(form.cleaned_data)
        except (ValidationError, IntegrityError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, done(written))
            return redirect("web:group-detail", pk=group.pk)
    return _render_group(request, group, actor, **bound_form)


def _group_and_actor(request, pk: int) -> tuple[Group, GroupMember]:
    """The group and the user's active membership of it, or 404."""
    if pk > MAX_ID:
        raise Http404
    group = get_object_or_404(groups_for_user(request.user), pk=pk)
    return group, membership_or_404(group, request.user)  # 404 if they left meanwhile


def _active_members(group: Group) -> list[GroupMember]:
    return list(group.members.filter(is_active=True))


def _manage_prefix(member: GroupMember) -> str:
    return f"manage-{member.pk}"


def _manage_form(
    actor: GroupMember,
    member: GroupMember,
    members: list[GroupMember],
    managers: dict[int, GroupMember],
):
    """The form to set ``member``'s manager, offering only what ``actor`` may choose."""
    if not member.is_active or any(m.pk == member.pk for m in managers.values()):
        return None  # a manager cannot be managed (rule 2): nothing to offer
    try:
        rules.check_may_set(actor=actor, member=member)
    except PermissionDenied:
        return None
    choices = rules.eligible_managers(member, members)
    if not actor.is_admin:
        choices = [m for m in choices if m.pk == actor.pk]  # a member may only claim a guest
    if not choices:
        return None
    current = managers.get(member.pk)
    return ManagerForm(
        prefix=_manage_prefix(member),
        choices=choices,
        initial={"manager": current.pk if current else None},
    )


def _may_clear(actor: GroupMember, member: GroupMember) -> bool:
    if member.managed_by_id is None:
        return False
    try:
        rules.check_may_clear(actor=actor, member=member)
    except PermissionDenied:
        return False
    return True


def _render_group(
    request,
    group: Group,
    actor: GroupMember,
    *,
    member_form=None,
    expense_form=None,
    payment_form=None,
):
    """The group page, with any bound form that failed shown with its errors."""
    sheet = group_balance_sheet(group)
    members = sheet.roster
    active = [m for m in members if m.is_active]
    by_id = {m.pk: m for m in members}
    managers = {row.member.pk: row.manager for row in sheet.members if row.manager}
    rows = [
        MemberRow(
            member=row.member,
            balance=row.balance,
            manager=row.manager,
            manage_form=_manage_form(actor, by_id[row.member.pk], members, managers),
            may_clear=_may_clear(actor, by_id[row.member.pk]),
        )
        for row in sheet.members
    ]
    expenses = [
        {"expense": e, "paid_by": [by_id[s.member_id] for s in e.shares.all() if s.paid]}
        for e in expenses_of(group)[:RECENT_EXPENSES]
    ]
    context = {
        "group": group,
        "actor": actor,
        "rows": rows,
        "households": sheet.aggregated,
        "settle_up": sheet.settle_up,
        "expenses": expenses,
        "member_form": member_form or MemberAddForm(),
        "expense_form": expense_form or ExpenseForm(members=active, payer=actor),
        "payment_form": payment_form or PaymentForm(members=active, payer=actor),
    }
    return render(request, "web/group_detail.html", context)
