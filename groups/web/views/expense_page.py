"""One expense's page: its shares, its comments and its history from the activity log."""

from django.shortcuts import render

from groups.selectors.activity import expense_history
from groups.selectors.categories import categories_of
from groups.selectors.comments import comments_of
from groups.services.comments import may_delete_comment
from groups.web.activity import entries
from groups.web.forms.ledger import CommentForm


def expense_page(request, group, actor, expense, *, comment_form=None, status: int = 200):
    """Render the expense's page; ``comment_form`` is a refused comment to show again."""
    shares = sorted(expense.shares.all(), key=lambda s: s.member_id)
    comments = [
        (comment, may_delete_comment(comment=comment, actor=actor))
        for comment in comments_of(expense)
    ]
    context = {
        "group": group,
        "actor": actor,
        "expense": expense,
        "shares": shares,
        "category": next(
            (c.name for c in categories_of(group) if c.slug == expense.category), expense.category
        ),
        "comments": comments,
        "comment_form": comment_form or CommentForm(),
        "history": entries(expense_history(expense)),
    }
    return render(request, "web/expenses/detail.html", context, status=status)
