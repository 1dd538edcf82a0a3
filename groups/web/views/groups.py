"""My groups, creating, changing and deleting one, and a group's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse

from groups.selectors.balances import user_balances
from groups.selectors.groups import groups_for_user
from groups.services.groups import group_create as group_create_service
from groups.services.groups import group_delete as group_delete_service
from groups.services.groups import group_update
from groups.web.forms.groups import GroupForm
from groups.web.views.common import confirm, group_and_actor, refusal, write_from
from groups.web.views.group_page import render_group


@login_required
def group_list(request):
    """The groups I am in, with what I owe or am owed in each."""
    groups = list(
        groups_for_user(request.user)
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .order_by("name", "id")
    )
    balances = user_balances(request.user)
    for group in groups:
        group.my_balance = balances.get(group.pk, 0)
    return render(request, "web/groups/list.html", {"groups": groups})


@login_required
def group_create(request):
    form = GroupForm(request.POST or None)
    if request.method == "POST":
        group = write_from(form, lambda data: group_create_service(creator=request.user, **data))
        if group is not None:
            messages.success(request, f"Created {group.name}. Now add its members.")
            return redirect("web:members", pk=group.pk)
    return render(request, "web/groups/form.html", {"form": form, "group": None})


@login_required
def group_edit(request, pk):
    """Rename a group or change its currency (admins; the service refuses others)."""
    group, actor = group_and_actor(request, pk)
    form = GroupForm(request.POST or None, initial={"name": group.name, "currency": group.currency})
    if request.method == "POST":
        written = write_from(form, lambda data: group_update(group=group, actor=actor, **data))
        if written is not None:
            messages.success(request, f"Saved {group.name}.")
            return redirect("web:group-detail", pk=group.pk)
    return render(request, "web/groups/form.html", {"form": form, "group": group, "actor": actor})


@login_required
def group_delete(request, pk):
    """Delete a group with everything in it, after asking (admins)."""
    group, actor = group_and_actor(request, pk)
    ask = {
        "group": group,
        "title": f"Delete {group.name}?",
        "question": f"Delete {group.name} with all its members, expenses and payments?",
        "details": ["This cannot be undone."],
        "action": "Delete the group",
        "cancel_url": reverse("web:group-detail", args=[group.pk]),
    }
    if request.method == "POST":
        try:
            group_delete_service(group=group, actor=actor)
        except PermissionDenied as error:
            return confirm(request, **ask, error=refusal(error), status=403)
        messages.success(request, f"Deleted {ask['group'].name}.")
        return redirect("web:group-list")
    return confirm(request, **ask)


@login_required
def group_detail(request, pk):
    group, actor = group_and_actor(request, pk)
    return render_group(request, group, actor)
