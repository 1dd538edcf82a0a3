"""Members' balances, households folded into parties, and the fewest transfers to settle."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from groups import references
from groups.domain.debts import settle_up
from groups.domain.households import fold_households
from groups.models import Group, GroupMember, Share

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class MemberBalance:
    """A member's own balance, and who manages them (None when unmanaged)."""

    member: GroupMember
    balance: Decimal
    manager: GroupMember | None


@dataclass(frozen=True)
class PartyBalance:
    """A party that settles as one: a member, and the managed members folded into it."""

    member: GroupMember
    balance: Decimal
    includes: list[GroupMember]


@dataclass(frozen=True)
class ProposedTransfer:
    """A payment that settle-up proposes, from a debtor party to a creditor party."""

    debtor: GroupMember
    creditor: GroupMember
    amount: Decimal


@dataclass(frozen=True)
class BalanceSheet:
    """Everything the balances endpoint, the admin and the group page show for one group.

    ``roster`` is every member of the group, active or not, as read for the sheet.
    """

    group: Group
    roster: list[GroupMember]
    members: list[MemberBalance]
    aggregated: list[PartyBalance]
    settle_up: list[ProposedTransfer]


def member_balance(member: GroupMember) -> Decimal:
    """One member's balance: what they paid minus what they owe, over the live expenses."""
    totals = (
        Share.objects.live()
        .filter(group_id=member.group_id, member=member)
        .aggregate(paid=Sum("paid"), owed=Sum("owed"))
    )
    return (totals["paid"] or ZERO) - (totals["owed"] or ZERO)


def member_balances(group_id: int) -> dict[int, Decimal]:
    """Every member's balance in one aggregate query (members without shares are absent).

    Over live shares only: the trash counts for nothing. The query reads the partial covering
    index share_group_balance alone (tests/selectors/test_balance_query_plan.py pins it).
    """
    rows = (
        Share.objects.live()
        .filter(group_id=group_id)
        .values_list("member_id")
        .annotate(paid=Sum("paid"), owed=Sum("owed"))
        .order_by()
    )
    return {member_id: paid - owed for member_id, paid, owed in rows}


def group_balance_sheet(group: Group) -> BalanceSheet:
    """Members' balances, households folded into parties, and the fewest transfers to settle."""
    roster = list(GroupMember.objects.filter(group=group).select_related("user"))
    balances = member_balances(group.pk)
    shown = [m for m in roster if m.is_active or balances.get(m.pk, ZERO) != 0]
    managers = references.resolve_managers(roster)
    rows = [MemberBalance(m, balances.get(m.pk, ZERO), managers.get(m.pk)) for m in shown]
    parties = fold_households(
        {row.member.pk: row.balance for row in rows},
        {member_id: manager.pk for member_id, manager in managers.items()},
    )
    by_id = {m.pk: m for m in roster}
    transfers = settle_up({party.member: party.balance for party in parties})
    return BalanceSheet(
        group=group,
        roster=roster,
        members=rows,
        aggregated=[
            PartyBalance(by_id[p.member], p.balance, [by_id[i] for i in p.includes])
            for p in parties
        ],
        settle_up=[
            ProposedTransfer(by_id[t.debtor], by_id[t.creditor], t.amount) for t in transfers
        ],
    )


def user_balances(user) -> dict[int, Decimal]:
    """``user``'s own balance in each group they are an active member of, in one query.

    Groups where they have no shares are absent (their balance is zero).
    """
    rows = (
        Share.objects.filter(member__user=user, member__is_active=True)
        .values_list("group_id")
        .annotate(paid=Sum("paid"), owed=Sum("owed"))
        .order_by()
    )
    return {group_id: paid - owed for group_id, paid, owed in rows}
