"""Recording a payment, and "record as paid" for a transfer of the settle-up plan."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from groups.selectors.balances import group_balance_sheet
from groups.services.payments import payment_create
from groups.web.forms.payments import PaymentForm
from groups.web.views.common import active_members, confirm, group_and_actor, write_from


def suggested_payment(group, actor) -> dict:
    """The payment form's defaults: from me, to whom my household owes, that amount."""
    initial = {"from_member": actor.pk}
    sheet = group_balance_sheet(group)
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
        "details": ["It is added to the expenses as a payment, dated today."],
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
            # Undo joins here once a deleted payment goes to the group's trash: a link to
            # restore-or-delete this payment beside the message.
            messages.success(request, f"Recorded: {payer} paid {payee}.")
            return redirect(back)
        ask["error"] = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return confirm(request, **ask)
