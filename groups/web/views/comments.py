"""Comments on an expense: any member adds one; its author or a group admin deletes it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from groups.fields import MAX_ID
from groups.models import Comment
from groups.services.comments import comment_add, comment_delete, may_delete_comment
from groups.web.forms.ledger import CommentForm
from groups.web.views.common import confirm, expense_of, group_and_actor, write_from
from groups.web.views.expense_page import expense_page

IN_TRASH = "This expense is in the trash: restore it to change its comments."
NOT_YOURS = "Only its author or a group admin may delete a comment."


@login_required
@require_POST
def comment_add_view(request, pk, expense_id):
    group, actor = group_and_actor(request, pk)
    expense = expense_of(group, expense_id)
    form = CommentForm(request.POST)
    if expense.deleted_at is not None:
        form.is_valid()
        form.add_error(None, IN_TRASH)
        return expense_page(request, group, actor, expense, comment_form=form, status=400)
    comment = write_from(
        form,
        lambda data: comment_add(expense=expense, author=request.user, text=data["text"]),
    )
    if comment is None:
        return expense_page(request, group, actor, expense, comment_form=form, status=400)
    messages.success(request, "Comment added.")
    return redirect(_comments_url(group, expense))


@login_required
def comment_delete_view(request, pk, expense_id, comment_id):
    """Delete a comment after asking; only its author or a group admin may."""
    group, actor = group_and_actor(request, pk)
    expense = expense_of(group, expense_id)
    if comment_id > MAX_ID:
        raise Http404
    comment = get_object_or_404(Comment, pk=comment_id, expense=expense)
    ask = {
        "group": group,
        "title": "Delete this comment?",
        "question": f"Delete this comment on “{expense.description}”?",
        "details": [comment.text if len(comment.text) <= 200 else comment.text[:199] + "…"],
        "action": "Delete the comment",
        "cancel_url": _comments_url(group, expense),
    }
    if expense.deleted_at is not None:
        return confirm(request, **ask, error=IN_TRASH, status=400)
    if not may_delete_comment(comment=comment, actor=actor):
        return confirm(request, **ask, error=NOT_YOURS, status=403)
    if request.method == "POST":
        try:
            comment_delete(comment=comment, actor=actor)
        except PermissionDenied as error:
            return confirm(request, **ask, error=str(error), status=403)
        messages.success(request, "Comment deleted.")
        return redirect(_comments_url(group, expense))
    return confirm(request, **ask)


def _comments_url(group, expense) -> str:
    return reverse("web:expense-detail", args=[group.pk, expense.pk]) + "#comments"
