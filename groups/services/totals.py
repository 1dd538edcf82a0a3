"""Members' maintained totals: kept in step with the shares by every write that changes them.

Each write that adds, replaces, trashes or restores shares calls ``add_shares`` /
``remove_shares`` / ``replace_shares`` inside its transaction, under the group lock it holds,
so the totals move exactly when the shares do. Writes of a whole group at once (an import,
seeded data) call ``recompute`` instead. ``drift`` and ``repair`` are for reconcile_balances.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, F, Sum, Value, When

from groups.domain.totals import ZERO, Change, ShareRow, net_change
from groups.fields import MoneyField
from groups.models import Expense, GroupMember, Share
from groups.services.activity import plain, record
from groups.services.common import lock_group


@dataclass(frozen=True)
class Drift:
    """A member whose stored totals differ from their live shares' sums."""

    member: GroupMember
    paid: Decimal  # as the shares say
    owed: Decimal


def share_rows(expense: Expense) -> list[ShareRow]:
    """The expense's shares as (member id, paid, owed), read once."""
    return list(Share.objects.filter(expense=expense).values_list("member_id", "paid", "owed"))


def add_shares(rows: Iterable[ShareRow]) -> None:
    """New shares start counting."""
    apply(net_change(added=rows))


def remove_shares(rows: Iterable[ShareRow]) -> None:
    """Shares stop counting (trashed, or replaced)."""
    apply(net_change(removed=rows))


def replace_shares(old: Iterable[ShareRow], new: Iterable[ShareRow]) -> None:
    """An edit: the totals move by the difference only."""
    apply(net_change(removed=old, added=new))


def apply(change: Change) -> None:
    """Move each member's totals by ``change``: one UPDATE, whatever the number of members."""
    if not change:
        return
    GroupMember.objects.filter(pk__in=change).update(
        total_paid=F("total_paid") + _by_member({m: paid for m, (paid, _) in change.items()}),
        total_owed=F("total_owed") + _by_member({m: owed for m, (_, owed) in change.items()}),
    )


def recompute(group_id: int) -> None:
    """Set every member's totals of the group from its live shares (after a bulk write)."""
    for row in drift(group_id):
        _store(row)


def drift(group_id: int) -> list[Drift]:
    """The group's members whose stored totals are not their live shares' sums."""
    sums = share_sums(group_id)
    return [
        Drift(member, *sums.get(member.pk, (ZERO, ZERO)))
        for member in GroupMember.objects.filter(group_id=group_id).order_by("pk")
        if (member.total_paid, member.total_owed) != sums.get(member.pk, (ZERO, ZERO))
    ]


@transaction.atomic
def reconcile(group_id: int, *, fix: bool) -> list[Drift]:
    """The group's drift, read under its lock; with ``fix``, repaired and logged."""
    group = lock_group(group_id)
    found = drift(group_id)
    if fix and found:
        for row in found:
            _store(row)
        record(
            actor=None,
            group=group,
            action="balances.reconciled",
            changes=plain(
                {
                    row.member.name: {
                        "before": {"paid": row.member.total_paid, "owed": row.member.total_owed},
                        "after": {"paid": row.paid, "owed": row.owed},
                    }
                    for row in found
                }
            ),
            summary="The balances were recomputed from the expenses of "
            + ", ".join(row.member.name for row in found),
        )
    return found


def _store(row: Drift) -> None:
    GroupMember.objects.filter(pk=row.member.pk).update(total_paid=row.paid, total_owed=row.owed)


def share_sums(group_id: int) -> dict[int, tuple[Decimal, Decimal]]:
    """Each member's (paid, owed) over the group's live shares: what the totals must equal.

    One range scan of the partial covering index share_group_balance, which holds live shares
    only (tests/selectors/test_balance_query_plan.py pins it).
    """
    rows = (
        Share.objects.live()
        .filter(group_id=group_id)
        .values_list("member_id")
        .annotate(paid=Sum("paid"), owed=Sum("owed"))
        .order_by()
    )
    return {member_id: (paid, owed) for member_id, paid, owed in rows}


def _by_member(amounts: dict[int, Decimal]) -> Case:
    money = MoneyField()
    return Case(
        *(
            When(pk=member_id, then=Value(amount, output_field=money))
            for member_id, amount in amounts.items()
            if amount
        ),
        default=Value(ZERO, output_field=money),
        output_field=money,
    )
