"""What the views share: the group and the viewer's membership, confirmations, form writes.

Every page of a group answers 404 to anyone who is not one of its active members, as the API
does, and every write goes through a service as that membership.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from groups.fields import MAX_ID
from groups.models import Expense, Group, GroupMember
from groups.selectors.groups import groups_for_user, membership_or_404


def group_and_actor(request, pk: int) -> tuple[Group, GroupMember]:
    """The group and the user's active membership of it, or 404."""
    if pk > MAX_ID:
        raise Http404
    group = get_object_or_404(groups_for_user(request.user), pk=pk)
    return group, membership_or_404(group, request.user)  # 404 if they left meanwhile


def member_of(group: Group, member_id: int) -> GroupMember:
    """A member of ``group`` by id, or 404."""
    if member_id > MAX_ID:
        raise Http404
    return get_object_or_404(GroupMember.objects.select_related("user"), pk=member_id, group=group)


def expense_of(group: Group, expense_id: int) -> Expense:
    """An expense or payment of ``group`` by id, with its shares, or 404."""
    if expense_id > MAX_ID:
        raise Http404
    queryset = Expense.objects.prefetch_related("shares__member").select_related("created_by")
    return get_object_or_404(queryset, pk=expense_id, group=group)


def active_members(group: Group) -> list[GroupMember]:
    return list(group.members.filter(is_active=True).select_related("user"))


def write_from(form, write):
    """Call ``write(cleaned_data)`` if ``form`` is valid; its refusal goes on the form.

    Returns what was written, or None when the form or the service said no.
    """
    if not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except (ValidationError, PermissionDenied, IntegrityError) as error:
        form.add_service_error(error)
        return None


def confirm(
    request,
    *,
    group: Group | None,
    title: str,
    question: str,
    action: str,
    cancel_url: str,
    details: list[str] = (),
    amount=None,
    fields: dict | None = None,
    danger: bool = True,
    error: str = "",
    status: int = 200,
):
    """A page asking before a write: it posts ``fields`` back to this URL, or goes back.

    Every destructive action shows this page first (GET), and acts only on its POST, so the
    question is asked with or without JavaScript.
    """
    context = {
        "group": group,
        "title": title,
        "question": question,
        "details": details,
        "amount": amount,
        "action": action,
        "cancel_url": cancel_url,
        "fields": fields or {},
        "danger": danger,
        "error": error,
    }
    return render(request, "web/components/confirm_page.html", context, status=status)


def refusal(error: ValidationError | PermissionDenied | IntegrityError) -> str:
    """A service's refusal as one sentence for a confirmation page."""
    if isinstance(error, IntegrityError):
        return "This changed at the same time elsewhere; reload and try again."
    if isinstance(error, PermissionDenied):
        return str(error) or "You may not do this."
    return " ".join(error.messages)
