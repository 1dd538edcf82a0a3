"""A group's expenses: the list with its filters, one expense, adding, editing, deleting."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from groups.domain.money import split_values
from groups.models import Expense
from groups.selectors.categories import categories_of
from groups.selectors.expenses import expenses_matching
from groups.services.expenses import expense_create, expense_delete, expense_update
from groups.web.forms.expenses import (
    PART_HELP,
    ExpenseFilterForm,
    ExpenseForm,
    initial_from_expense,
)
from groups.web.forms.ledger_fields import suggested_rate
from groups.web.views.common import (
    active_members,
    confirm,
    expense_of,
    group_and_actor,
    refusal,
    write_from,
)
from groups.web.views.expense_page import expense_page

PER_PAGE = 20


@login_required
def expense_list(request, pk):
    """Expenses and payments, newest first: filtered by member, kind, category, dates and
    words."""
    group, actor = group_and_actor(request, pk)
    members = list(group.members.all())
    filters = ExpenseFilterForm(request.GET, members=members, categories=categories_of(group))
    valid = filters.is_valid()
    data = filters.cleaned_data if valid else {}
    expenses = expenses_matching(
        group,
        member_id=data.get("member"),
        kind=data.get("kind", ""),
        category=filters.category_slug() if valid else None,
        date_after=data.get("date_after"),
        date_before=data.get("date_before"),
        search=data.get("q", ""),
    ).prefetch_related("shares__member")
    page = Paginator(expenses, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "group": group,
        "actor": actor,
        "filters": filters,
        "filtered": any(data.values()),
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "web/expenses/list.html", context)


@login_required
def expense_detail(request, pk, expense_id):
    group, actor = group_and_actor(request, pk)
    return expense_page(request, group, actor, expense_of(group, expense_id))


@login_required
def expense_add(request, pk):
    group, actor = group_and_actor(request, pk)
    form = expense_form(request, group, actor, request.POST or None)
    if request.method == "POST" and "preview" not in request.POST:
        expense = write_from(
            form,
            lambda _: expense_create(
                group=group, created_by=request.user, **form.service_arguments()
            ),
        )
        if expense is not None:
            messages.success(request, f"Added {expense.description}.")
            return redirect("web:group-detail", pk=group.pk)
    return _render_form(request, group, form, expense=None)


@login_required
def expense_edit(request, pk, expense_id):
    group, actor = group_and_actor(request, pk)
    expense = expense_of(group, expense_id)
    if expense.kind == Expense.Kind.PAYMENT:
        messages.error(request, "A payment cannot be edited: delete it and record it again.")
        return redirect("web:expense-detail", pk=group.pk, expense_id=expense.pk)
    parts = [s.owed for s in expense.shares.all() if s.owed]
    initial = initial_from_expense(expense, split_values(expense.amount, expense.split, parts))
    form = expense_form(request, group, actor, request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and "preview" not in request.POST:
        written = write_from(
            form,
            lambda _: expense_update(expense=expense, actor=actor, **form.service_arguments()),
        )
        if written is not None:
            messages.success(request, f"Saved {expense.description}.")
            return redirect("web:expense-detail", pk=group.pk, expense_id=expense.pk)
    return _render_form(request, group, form, expense=expense)


@login_required
@require_POST
def expense_preview(request, pk):
    """The live preview of a split, as the expense form shows it (for htmx)."""
    group, actor = group_and_actor(request, pk)
    form = expense_form(request, group, actor, request.POST)
    return render(
        request,
        "web/expenses/preview.html",
        {"group": group, "preview": form.split_preview()},
    )


@login_required
def expense_rate(request, pk):
    """The exchange rate input, filled with the group's rate for a currency (for htmx).

    The expense form asks for it when its currency changes; the preview then updates.
    """
    group, actor = group_and_actor(request, pk)
    currency = request.GET.get("currency", "")
    rate = suggested_rate(group, currency, request.GET.get("date"))
    form = expense_form(
        request, group, actor, initial={"currency": currency, "exchange_rate": rate}
    )
    response = render(request, "web/expenses/rate_field.html", {"field": form["exchange_rate"]})
    response["HX-Trigger"] = "rate-changed"
    return response


@login_required
def expense_delete_view(request, pk, expense_id):
    """Delete an expense or payment, after asking."""
    group, actor = group_and_actor(request, pk)
    expense = expense_of(group, expense_id)
    noun = "payment" if expense.kind == Expense.Kind.PAYMENT else "expense"
    ask = {
        "group": group,
        "title": f"Delete this {noun}?",
        "question": f"Delete “{expense.description}”?",
        "amount": expense.amount,
        "details": ["Everyone's balance changes back as if it had never been recorded."],
        "action": f"Delete the {noun}",
        "cancel_url": reverse("web:expense-detail", args=[group.pk, expense.pk]),
    }
    if request.method == "POST":
        try:
            expense_delete(expense=expense, actor=actor)
        except ValidationError as error:
            return confirm(request, **ask, error=refusal(error), status=400)
        messages.success(request, f"Deleted {expense.description}.")
        return redirect("web:expense-list", pk=group.pk)
    return confirm(request, **ask)


def expense_form(request, group, actor, data=None, **kwargs) -> ExpenseForm:
    """The expense form for ``group``, its choices of members, currencies and categories."""
    return ExpenseForm(
        data,
        group=group,
        members=active_members(group),
        payer=actor,
        rates_url=reverse("web:expense-rate", args=[group.pk]),
        **kwargs,
    )


def _render_form(request, group, form, *, expense):
    preview = form.split_preview() if form.is_bound else None
    help_by_split = {
        split: f" Their part: {text}." if text else "" for split, text in PART_HELP.items()
    }
    occurrence = getattr(expense, "occurrence", None) if expense else None
    context = {
        "group": group,
        "form": form,
        "expense": expense,
        "series": occurrence.series if occurrence else None,
        "preview": preview,
        "part_help_json": json.dumps(help_by_split),
    }
    # A refused form answers 200 with the form again, as the other full-page forms do (README,
    # "The status of a refusal"): Chromium reports a page answered 4xx as a console error.
    return render(request, "web/expenses/form.html", context)
