"""Recording that one member paid another: a payment is an expense of kind payment."""

from datetime import date as Date

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from groups.models import Expense, Group, Share
from groups.services import totals
from groups.services.activity import actor_name, record
from groups.services.common import (
    active_members,
    lock_group,
    outside_series,
    parse_money,
    written_shares,
)
from groups.services.expenses import check_date, converted_amounts
from groups.services.rates import expense_currency, rate_for


@transaction.atomic
def payment_create(
    *,
    group: Group,
    created_by: AbstractBaseUser | None,
    from_member_id: int,
    to_member_id: int,
    amount: object,
    date: Date | None = None,
    description: str = "",
    currency: object = None,
    exchange_rate: object = None,
) -> Expense:
    """Record that one member paid another: the payer's balance rises, the payee's falls.

    ``amount`` is in ``currency`` (the group's by default); both shares carry its value in the
    group's currency, converted as an expense's would be.
    """
    if from_member_id == to_member_id:
        raise ValidationError({"to_member": "A payment must go to another member."})
    group = lock_group(group.pk)  # as it is under the lock, currency included
    check_date(date)
    members = active_members(group, {from_member_id: "from_member", to_member_id: "to_member"})
    value = parse_money(amount, "amount")
    date = date or timezone.localdate()
    code = expense_currency(group, currency)
    rate = rate_for(group=group, currency=code, date=date, given=exchange_rate)
    group_value = converted_amounts(value, rate, "exact", [value], [value]).group_amount
    payment = Expense(
        group=group,
        created_by=created_by,
        kind=Expense.Kind.PAYMENT,
        split=Expense.Split.EXACT,
        description=description or f"{members[from_member_id]} paid {members[to_member_id]}",
        amount=value,
        currency=code,
        exchange_rate=rate,
        group_amount=group_value,
        date=date,
    )
    # created_by is the caller: no query to find it.
    payment.full_clean(exclude=["group", "created_by"], validate_constraints=False)
    payment.save()
    shares = Share.objects.bulk_create(
        [
            Share(expense=payment, group=group, member_id=from_member_id, paid=group_value, owed=0),
            Share(expense=payment, group=group, member_id=to_member_id, paid=0, owed=group_value),
        ]
    )
    totals.count(group.pk, totals.entry(payment, [(s.member_id, s.paid, s.owed) for s in shares]))
    record(
        actor=created_by,
        group=group,
        action="payment.created",
        obj=payment,
        summary=f"{actor_name(created_by)} recorded a payment of {value} from "
        f"{members[from_member_id]} to {members[to_member_id]}",
    )
    written_shares(payment, shares)
    outside_series(payment)
    return payment
