"""Members: adding them, roles, leaving or removing, and choosing or clearing a manager."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from groups import rules
from groups.selectors.balances import group_balance_sheet, member_balance
from groups.services.managers import member_clear_manager, member_set_manager
from groups.services.members import (
    member_add,
    member_add_user,
    member_deactivate,
    member_update,
)
from groups.web.forms.members import ManagerForm, MemberAddForm, RoleForm
from groups.web.views.common import confirm, group_and_actor, member_of, refusal, write_from
from groups.web.views.group_page import render_group
from groups.web.views.invites import invite_url


@login_required
def members(request, pk):
    """The members page: everyone with their role, and the form to add a member (POST)."""
    group, actor = group_and_actor(request, pk)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST":
        member = write_from(
            form,
            lambda data: (
                member_add_user(
                    group=group, username=data["username"], name=data["name"], actor=actor
                )
                if data["username"]
                else member_add(group=group, name=data["name"], actor=actor)
            ),
        )
        if member is not None:
            messages.success(request, f"Added {member.name}.")
            return redirect("web:members", pk=group.pk)
    sheet = group_balance_sheet(group, with_accounts=True)
    balances = {row.member.pk: row.balance for row in sheet.members}
    managers = {row.member.pk: row.manager for row in sheet.members}
    rows = [
        {
            "member": m,
            "balance": balances.get(m.pk, 0),
            "manager": managers.get(m.pk),
            "role_form": RoleForm(initial={"role": m.role}, auto_id=f"id_role_{m.pk}_%s")
            if actor.is_admin and m.is_active
            else None,
            "may_remove": m.is_active and (actor.is_admin or m.pk == actor.pk),
        }
        for m in sheet.roster
    ]
    context = {"group": group, "actor": actor, "rows": rows, "form": form}
    context["invite_url"] = invite_url(request, group) if actor.is_admin else None
    return render(request, "web/members/list.html", context)


@login_required
@require_POST
def member_role(request, pk, member_id):
    """Make a member an admin or an ordinary member (admins)."""
    group, actor = group_and_actor(request, pk)
    member = member_of(group, member_id)
    form = RoleForm(request.POST)
    written = write_from(
        form, lambda data: member_update(member=member, actor=actor, role=data["role"])
    )
    if written is not None:
        messages.success(request, f"{member.name} is now {member.get_role_display().lower()}.")
    else:
        for reasons in form.errors.values():
            for reason in reasons:
                messages.error(request, f"{member.name}'s role was not changed: {reason}")
    return redirect("web:members", pk=group.pk)


@login_required
def member_remove(request, pk, member_id):
    """A member leaves, or an admin removes them: after asking, and only at a zero balance."""
    group, actor = group_and_actor(request, pk)
    member = member_of(group, member_id)
    leaving = member.pk == actor.pk
    balance = member_balance(member)
    ask = {
        "group": group,
        "title": "Leave the group?" if leaving else f"Remove {member.name}?",
        "question": (
            f"Leave {group.name}?" if leaving else f"Remove {member.name} from {group.name}?"
        ),
        "details": [
            "Their expenses stay; they no longer take part in new ones.",
            "Whom they manage becomes unmanaged.",
        ],
        "action": "Leave the group" if leaving else "Remove",
        "cancel_url": reverse("web:members", args=[group.pk]),
    }
    if balance != 0:
        ask["error"] = f"{member.name} has a balance of {balance}; settle it first."
    if request.method == "POST":
        try:
            member_deactivate(member=member, actor=actor)
        except (ValidationError, PermissionDenied) as error:
            ask["error"] = refusal(error)
            status = 403 if isinstance(error, PermissionDenied) else 400
            return confirm(request, **ask, status=status)
        if leaving:
            messages.success(request, f"You left {group.name}.")
            return redirect("web:group-list")
        messages.success(request, f"Removed {member.name}.")
        return redirect("web:members", pk=group.pk)
    return confirm(request, **ask)


@login_required
def member_manager(request, pk, member_id):
    """Set or clear one member's manager: GET asks, POST does it.

    ``manager=<member id>`` sets, ``action=clear`` clears. The choice comes from the group
    page's row form, which starts on "Choose…": nothing is set without a choice and a
    confirmation.
    """
    group, actor = group_and_actor(request, pk)
    member = member_of(group, member_id)
    data = request.POST if request.method == "POST" else request.GET
    back = reverse("web:group-detail", args=[group.pk])
    if data.get("action") == "clear":
        return _clear_manager(request, group, actor, member, back)

    rules.check_may_set(actor=actor, member=member)  # 403 before reading the body
    choices = rules.eligible_managers(member, list(group.members.select_related("user")))
    if not actor.is_admin:
        choices = [m for m in choices if m.pk == actor.pk]
    form = ManagerForm(data, member=member, choices=choices)
    if form.is_valid():
        manager = next(m for m in choices if m.pk == form.cleaned_data["manager"])
        if request.method != "POST":
            return confirm(
                request,
                group=group,
                title="Set a manager?",
                question=f"Make {manager.name} the manager of {member.name}?",
                details=[
                    f"{member.name}'s balance will be shown and settled with {manager.name}'s.",
                    "Expenses do not change; clear the manager to separate them again.",
                ],
                action=f"Make {manager.name} the manager",
                cancel_url=back,
                fields={"manager": manager.pk},
                danger=False,
            )
        written = write_from(
            form,
            lambda d: member_set_manager(member=member, actor=actor, manager_id=d["manager"]),
        )
        if written is not None:
            messages.success(request, f"{member.name} is now managed by {manager.name}.")
            return redirect(back)
    for reasons in form.errors.values():
        for reason in reasons:
            messages.error(request, f"{member.name}'s manager was not changed: {reason}")
    return render_group(request, group, actor, bound=(member, form))


def _clear_manager(request, group, actor, member, back):
    rules.check_may_clear(actor=actor, member=member)
    if request.method != "POST":
        return confirm(
            request,
            group=group,
            title="Clear the manager?",
            question=f"Stop managing {member.name}?",
            details=[f"{member.name} will have a balance of their own again."],
            action="Clear the manager",
            cancel_url=back,
            fields={"action": "clear"},
            danger=False,
        )
    had_manager = member.managed_by_id is not None
    member_clear_manager(member=member, actor=actor)
    if had_manager:
        messages.success(request, f"{member.name} is no longer managed by anyone.")
    return redirect(back)
