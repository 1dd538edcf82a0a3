"""Comments on expenses and payments."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from groups.models.expenses import Expense
from groups.models.groups import Group

MAX_COMMENT = 2000


class Comment(models.Model):
    """A member's remark on an expense or payment; its author is null once their account is
    deleted. ``group`` repeats the expense's group, as every group-scoped row does."""

    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, related_name="comments")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+", db_index=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(validators=[MaxLengthValidator(MAX_COMMENT)])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "expense_comments"
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:50]
