"""The comments on an expense."""

from django.db.models import QuerySet

from groups.models import Comment, Expense


def comments_of(expense: Expense) -> QuerySet[Comment]:
    """An expense's comments, oldest first, with their authors."""
    comments = Comment.objects.filter(expense=expense).select_related("author")
    return comments.order_by("created_at", "id")
