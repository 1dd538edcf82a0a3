"""Recording a payment, and "record as paid" for a transfer of the settle-up plan, with undo."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from groups.models import Expense
from groups.selectors.balances import group_balance_sheet
from groups.services.expenses import expense_delete
from groups.services.payments import payment_create
from groups.web.forms.payments import PaymentForm
from groups.web.undo import success_with_undo
from groups.web.views.common import (
    active_members,
    confirm,
    expense_of,
    group_and_actor,
    refusal,
    write_from,
)


def suggested_payment(group, actor) -> dict:
    """The payment form's defaults: from me, to whom my household owes, that amount."""
    initial = {"from_member": actor.pk}
    sheet = group_balance_sheet(group, with_accounts=True)
    party = next(
        (p for p in sheet.aggregated if actor.pk in [p.member.pk, *(m.pk for m in p.includes)]),
        None,
    )
    if party is not None:
        for transfer in sheet.settle_up:
            if transfer.debtor.pk == party.member.pk:
                initial.update(to_member=transfer.creditor.pk, amount=transfer.amount)
                break
    return initial


@login_required
def payment_add(request, pk):
    group, actor = group_and_actor(request, pk)
    members = active_members(group)
    form = PaymentForm(
        request.POST or None, members=members, initial=suggested_payment(group, actor)
    )
    if request.method == "POST":
        payment = write_from(
            form,
            lambda data: payment_create(
                group=group,
                created_by=request.user,
                from_member_id=data["from_member"],
                to_member_id=data["to_member"],
                amount=data["amount"],
                date=data["date"],
            ),
        )
        if payment is not None:
            messages.success(request, f"Recorded: {payment.description}.")
            return redirect("web:group-detail", pk=group.pk)
    return render(request, "web/payments/form.html", {"group": group, "form": form})


@login_required
def settle(request, pk):
    """Record a transfer of the settle-up plan as paid: GET asks, POST records the payment."""
    group, _actor = group_and_actor(request, pk)
    data = request.POST if request.method == "POST" else request.GET
    form = PaymentForm(
        {
            "from_member": data.get("from"),
            "to_member": data.get("to"),
            "amount": data.get("amount"),
        },
        members=active_members(group),
    )
    back = reverse("web:group-detail", args=[group.pk])
    if not form.is_valid():
        messages.error(request, "That payment is not one that can be recorded; see the plan.")
        return redirect(back)
    names = {m.pk: m.name for m in active_members(group)}
    payer, payee = names[form.cleaned_data["from_member"]], names[form.cleaned_data["to_member"]]
    amount: Decimal = form.cleaned_data["amount"]
    ask = {
        "group": group,
        "title": "Record as paid?",
        "question": f"Record that {payer} paid {payee}?",
        "amount": amount,
        "details": [
            "It is added to the expenses as a payment, dated today.",
            "Once recorded, “Undo” beside the message moves it to the trash.",
        ],
        "action": "Record as paid",
        "cancel_url": back,
        "fields": {"from": data.get("from"), "to": data.get("to"), "amount": data.get("amount")},
        "danger": False,
    }
    if request.method == "POST":
        payment = write_from(
            form,
            lambda d: payment_create(
                group=group,
                created_by=request.user,
                from_member_id=d["from_member"],
                to_member_id=d["to_member"],
                amount=d["amount"],
            ),
        )
        if payment is not None:
            success_with_undo(
                request,
                f"Recorded: {payer} paid {payee}. Undo moves this payment to the trash.",
                undo_url=reverse("web:payment-undo", args=[group.pk, payment.pk]),
            )
            return redirect(back)
        ask["error"] = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return confirm(request, **ask)


@login_required
@require_POST
def payment_undo(request, pk, expense_id):
    """Undo "record as paid": move the payment to the trash, as deleting it does."""
    group, actor = group_and_actor(request, pk)
    payment = expense_of(group, expense_id)
    if payment.kind != Expense.Kind.PAYMENT:
        raise Http404("Only a payment is undone here.")
    back = reverse("web:group-detail", args=[group.pk])
    if payment.deleted_at is not None:
        messages.info(request, f"“{payment.description}” is already in the trash.")
        return redirect(back)
    try:
        expense_delete(expense=payment, actor=actor)
    except ValidationError as error:
        messages.error(request, refusal(error))
        return redirect(back)
    messages.success(
        request,
        f"Undone: the payment “{payment.description}” is in the group's trash, and the "
        "balances are as they were. It can be restored from the trash.",
    )
    return redirect(back)
