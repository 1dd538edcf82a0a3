"""Comments on expenses: written by members, deleted by their author or a group admin."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from groups.models import Comment, Expense, GroupMember
from groups.models.comments import MAX_COMMENT
from groups.services.activity import actor_name, record
from groups.services.common import lock_group


@transaction.atomic
def comment_add(*, expense: Expense, author: AbstractBaseUser | None, text: object) -> Comment:
    """Add a comment (1 to MAX_COMMENT characters once stripped) to an expense or payment."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationError({"text": "Write something: a comment cannot be empty."})
    text = text.strip()
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            {"text": f"A comment has at most {MAX_COMMENT} characters (this has {len(text)})."}
        )
    lock_group(expense.group_id)
    # Deleted meanwhile? Then there is nothing to comment on.
    if not Expense.objects.filter(pk=expense.pk, group_id=expense.group_id).exists():
        raise Http404
    comment = Comment(expense=expense, group_id=expense.group_id, author=author, text=text)
    comment.full_clean(exclude=["expense", "group"], validate_constraints=False)
    comment.save()
    record(
        actor=author,
        group=expense.group,
        action="comment.added",
        obj=comment,
        summary=f"{actor_name(author)} commented on {expense.description}",
    )
    return comment


def may_delete_comment(*, comment: Comment, actor: GroupMember) -> bool:
    """Whether ``actor`` may delete ``comment``: its author, or an admin of its group."""
    is_author = comment.author_id is not None and comment.author_id == actor.user_id
    return is_author or actor.is_admin


@transaction.atomic
def comment_delete(*, comment: Comment, actor: GroupMember) -> None:
    """Delete a comment, as its author or a group admin."""
    if not may_delete_comment(comment=comment, actor=actor):
        raise PermissionDenied("Only its author or a group admin may delete a comment.")
    group = lock_group(comment.group_id)
    deleted, _ = Comment.objects.filter(pk=comment.pk).delete()
    if deleted:
        record(
            actor=actor,
            group=group,
            action="comment.deleted",
            obj=comment,
            summary=f"{actor_name(actor)} deleted a comment on {comment.expense.description}",
        )
