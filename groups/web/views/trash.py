"""A group's trash: the expenses and payments deleted, each with a button to restore it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from groups.selectors.expenses import expenses_of
from groups.services.trash import expense_restore
from groups.web.views.common import expense_of, group_and_actor, refusal

PER_PAGE = 20


@login_required
def trash(request, pk):
    group, actor = group_and_actor(request, pk)
    return _trash_page(request, group, actor)


@login_required
@require_POST
def expense_restore_view(request, pk, expense_id):
    """Bring an expense or payment back from the trash: same id, same shares, same balances."""
    group, actor = group_and_actor(request, pk)
    expense = expense_of(group, expense_id)
    try:
        expense_restore(expense=expense, actor=request.user)
    except ValidationError as error:
        problem = f"“{expense.description}” cannot be restored: {refusal(error)}"
        return _trash_page(request, group, actor, error=problem, status=400)
    messages.success(request, f"Restored {expense.description}.")
    if request.POST.get("back") == "expense":
        return redirect("web:expense-detail", pk=group.pk, expense_id=expense.pk)
    return redirect("web:trash", pk=group.pk)


def _trash_page(request, group, actor, *, error: str = "", status: int = 200):
    trashed = expenses_of(group, trash=True).prefetch_related("shares__member")
    trashed = trashed.order_by("-deleted_at", "-id")  # the latest deleted first
    page = Paginator(trashed, PER_PAGE).get_page(request.GET.get("page"))
    context = {"group": group, "actor": actor, "page": page, "error": error}
    return render(request, "web/ledger/trash.html", context, status=status)
