"""Reads: which groups a user sees, members' balances, and the aggregated settle-up plan."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from groups.debts import settle_up
from groups.households import Party, fold_households
from groups.models import Expense, Group, GroupMember, Share

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class MemberBalance:
    """A member's own balance, and who manages them (None when unmanaged)."""

    member: GroupMember
    balance: Decimal
    manager: GroupMember | None


@dataclass(frozen=True)
class ProposedTransfer:
    """A payment that settle-up proposes, from a debtor party to a creditor party."""

    debtor: GroupMember
    creditor: GroupMember
    amount: Decimal


@dataclass(frozen=True)
class BalanceSheet:
    """Everything the balances endpoint shows for one group."""

    group: Group
    members: list[MemberBalance]
    aggregated: list[Party]
    settle_up: list[ProposedTransfer]


def groups_for_user(user: User) -> QuerySet[Group]:
    """The groups ``user`` is an active member of; everything else is invisible to them."""
    membership = GroupMember.objects.filter(group=OuterRef("pk"), user=user, is_active=True)
    return Group.objects.filter(Exists(membership))


def membership_of(group: Group, user: User) -> GroupMember | None:
    """``user``'s active membership of ``group``, if any."""
    return GroupMember.objects.filter(group=group, user=user, is_active=True).first()


def expenses_of(group: Group) -> QuerySet[Expense]:
    """A group's expenses and payments, newest first, with their shares prefetched."""
    return (
        Expense.objects.filter(group=group)
        .select_related("created_by")
        .prefetch_related("shares")
        .order_by("-date", "-id")
    )


def member_balance(member: GroupMember) -> Decimal:
    """One member's balance: what they paid minus what they owe, over all expenses."""
    totals = Share.objects.filter(group_id=member.group_id, member=member).aggregate(
        paid=Sum("paid"), owed=Sum("owed")
    )
    return (totals["paid"] or ZERO) - (totals["owed"] or ZERO)


def member_balances(group_id: int) -> dict[int, Decimal]:
    """Every member's balance in one aggregate query (members without shares are absent)."""
    rows = (
        Share.objects.filter(group_id=group_id)
        .values_list("member_id")
        .annotate(paid=Sum("paid"), owed=Sum("owed"))
        .order_by()
    )
    return {member_id: paid - owed for member_id, paid, owed in rows}


def managers_by_member(members: list[GroupMember]) -> dict[int, GroupMember]:
    """Who manages each managed member, resolved within the members' group."""
    user_type = ContentType.objects.get_for_model(User)
    by_id = {m.pk: m for m in members}
    by_user = {m.user_id: m for m in members if m.user_id is not None}
    managers = {}
    for member in members:
        if member.managed_by_id is None:
            continue
        lookup = by_user if member.managed_by_type_id == user_type.pk else by_id
        manager = lookup.get(member.managed_by_id)
        if manager is not None:
            managers[member.pk] = manager
    return managers


def managers_of(members: list[GroupMember]) -> dict[int, GroupMember]:
    """Like ``managers_by_member``, fetching managers missing from ``members`` in one query."""
    managed = [m for m in members if m.managed_by_id is not None]
    if not managed:
        return {}
    user_type_id = ContentType.objects.get_for_model(User).pk
    user_ids = {m.managed_by_id for m in managed if m.managed_by_type_id == user_type_id}
    member_ids = {m.managed_by_id for m in managed if m.managed_by_type_id != user_type_id}
    candidates = GroupMember.objects.filter(group_id=managed[0].group_id).filter(
        Q(user_id__in=user_ids) | Q(pk__in=member_ids)
    )
    return managers_by_member([*members, *candidates])


def group_balance_sheet(group: Group) -> BalanceSheet:
    """Members' balances, households folded into parties, and the fewest transfers to settle."""
    members = list(GroupMember.objects.filter(group=group).select_related("user"))
    balances = member_balances(group.pk)
    shown = [m for m in members if m.is_active or balances.get(m.pk, ZERO) != 0]
    managers = managers_by_member(members)
    rows = [MemberBalance(m, balances.get(m.pk, ZERO), managers.get(m.pk)) for m in shown]
    parties = fold_households(
        {row.member.pk: row.balance for row in rows},
        {member_id: manager.pk for member_id, manager in managers.items()},
    )
    by_id = {m.pk: m for m in members}
    transfers = [
        ProposedTransfer(by_id[t.debtor], by_id[t.creditor], t.amount)
        for t in settle_up({party.member: party.balance for party in parties})
    ]
    return BalanceSheet(group=group, members=rows, aggregated=parties, settle_up=transfers)
