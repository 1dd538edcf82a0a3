"""Members' balances, households folded into parties, and the fewest transfers to settle."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import DEFAULT_DB_ALIAS

from groups import references
from groups.domain.debts import settle_up
from groups.domain.households import fold_households
from groups.models import Group, GroupMember
from groups.selectors.prepared import PreparedRows, model_columns

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
    """One member's balance, as stored now: what they paid minus what they owe."""
    paid, owed = GroupMember.objects.values_list("total_paid", "total_owed").get(pk=member.pk)
    return paid - owed


def member_balances(group_id: int) -> dict[int, Decimal]:
    """Every member's balance in one query, from their maintained totals.

    Members without live shares are absent (a share pays or owes something, so their totals
    are both zero exactly when they have none).
    """
    rows = (
        GroupMember.objects.filter(group_id=group_id)
        .exclude(total_paid=0, total_owed=0)
        .values_list("pk", "total_paid", "total_owed")
    )
    return {member_id: paid - owed for member_id, paid, owed in rows}


# What the sheet itself reads of each member: the pages that show members' accounts and
# roles ask for whole rows instead (``with_accounts``).
SHEET_FIELDS = (
    "group_id",
    "user_id",
    "name",
    "is_active",
    "managed_by_type_id",
    "managed_by_id",
    "total_paid",
    "total_owed",
)


# What the balances endpoint reads of its members and their group, in `from_db`'s order.
ROSTER_COLUMNS = model_columns(GroupMember, SHEET_FIELDS)
GROUP_COLUMNS = model_columns(Group, ["currency"])

# One group's roster for the balances endpoint, and its group's currency beside each member.
_roster_rows = PreparedRows(
    lambda group_id: GroupMember.objects.filter(group_id=group_id).values_list(
        *ROSTER_COLUMNS, "group__currency"
    ),
    marker=-1,
)


def group_balance_sheet(group: Group, *, with_accounts: bool = False) -> BalanceSheet:
    """Members' balances, households folded into parties, and the fewest transfers to settle.

    One query, whatever the group's history: each member row carries its maintained totals.
    With ``with_accounts`` the roster's members are whole, with their user accounts.
    """
    members = GroupMember.objects.filter(group=group)
    if with_accounts:
        roster = list(members.select_related("user"))
    else:
        roster = list(members.only(*SHEET_FIELDS))
    return _balance_sheet(group, roster)


def member_balance_sheet(user: AbstractBaseUser, group_id: int) -> BalanceSheet | None:
    """Group ``group_id``'s sheet if ``user`` is an active member of it, else None.

    One query, compiled once (``prepared``): the members come with their group's currency, and
    the caller's membership is looked up among them rather than asked for apart (an unknown
    group has no members, so none).
    """
    if user.pk is None:
        # Guests have no user either: an anonymous caller must not match them.
        return None
    rows = _roster_rows(group_id)
    if not rows:
        return None
    group = Group.from_db(DEFAULT_DB_ALIAS, GROUP_COLUMNS, [group_id, rows[0][-1]])
    roster = [GroupMember.from_db(DEFAULT_DB_ALIAS, ROSTER_COLUMNS, row[:-1]) for row in rows]
    for member in roster:
        member.group = group
    if not any(member.user_id == user.pk and member.is_active for member in roster):
        return None
    return _balance_sheet(group, roster)


def _balance_sheet(group: Group, roster: list[GroupMember]) -> BalanceSheet:
    """The sheet of ``group`` from ``roster``, all its members as read with their totals."""
    balances = {member.pk: member.balance for member in roster}
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
    """``user``'s own balance in each group they are an active member of, in one query."""
    rows = GroupMember.objects.filter(user=user, is_active=True).values_list(
        "group_id", "total_paid", "total_owed"
    )
    return {group_id: paid - owed for group_id, paid, owed in rows}
