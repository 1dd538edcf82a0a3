"""A group's page: balances, households, settle-up, recent expenses, and who may manage whom."""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from groups import rules
from groups.models import Group, GroupMember
from groups.selectors.balances import group_balance_sheet
from groups.selectors.expenses import expenses_of
from groups.web.forms.members import ManagerForm

RECENT_EXPENSES = 5


@dataclass
class MemberRow:
    """A member's line on the group page, with what the viewer may do about its manager."""

    member: GroupMember
    balance: Decimal
    manager: GroupMember | None
    manage_form: ManagerForm | None
    may_clear: bool


@dataclass
class Household:
    """A party that settles as one, with each person's own balance in it."""

    member: GroupMember
    balance: Decimal
    includes: list[GroupMember]
    people: list[tuple[GroupMember, Decimal]]


def manage_form(actor, member, members, managers, data=None) -> ManagerForm | None:
    """The form to choose ``member``'s manager, offering only whom ``actor`` may choose.

    Only unmanaged members who manage nobody get one (clear a manager to change it), and
    it starts on "Choose…": no manager is ever preselected.
    """
    if not member.is_active or member.managed_by_id is not None:
        return None
    if any(m.pk == member.pk for m in managers.values()):
        return None  # a manager cannot be managed (rule 2)
    try:
        rules.check_may_set(actor=actor, member=member)
    except PermissionDenied:
        return None
    choices = rules.eligible_managers(member, members)
    if not actor.is_admin:
        choices = [m for m in choices if m.pk == actor.pk]  # a member may only claim a guest
    if not choices:
        return None
    return ManagerForm(data, member=member, choices=choices)


def may_clear(actor: GroupMember, member: GroupMember) -> bool:
    if member.managed_by_id is None:
        return False
    try:
        rules.check_may_clear(actor=actor, member=member)
    except PermissionDenied:
        return False
    return True


def render_group(request, group: Group, actor: GroupMember, *, bound=None, status=200):
    """The group page; ``bound`` is (member, ManagerForm) when a manager choice was refused."""
    sheet = group_balance_sheet(group, with_accounts=True)
    members = sheet.roster
    by_id = {m.pk: m for m in members}
    managers = {row.member.pk: row.manager for row in sheet.members if row.manager}
    balances = {row.member.pk: row.balance for row in sheet.members}
    rows = []
    for row in sheet.members:
        member = by_id[row.member.pk]
        form = manage_form(actor, member, members, managers)
        if bound and bound[0].pk == member.pk:
            form = bound[1]
        rows.append(MemberRow(member, row.balance, row.manager, form, may_clear(actor, member)))
    households = [
        Household(
            party.member,
            party.balance,
            party.includes,
            [(m, balances.get(m.pk, Decimal(0))) for m in [party.member, *party.includes]],
        )
        for party in sheet.aggregated
    ]
    my_party = next((h for h in households if actor.pk in [m.pk for m, _ in h.people]), None)
    transfers = [
        {
            "transfer": t,
            "record_url": reverse("web:settle", args=[group.pk])
            + "?"
            + urlencode({"from": t.debtor.pk, "to": t.creditor.pk, "amount": t.amount}),
            "mine": my_party is not None and my_party.member.pk in (t.debtor.pk, t.creditor.pk),
        }
        for t in sheet.settle_up
    ]
    context = {
        "group": group,
        "actor": actor,
        "my_balance": balances.get(actor.pk, Decimal(0)),
        "my_party": my_party,
        "rows": rows,
        "households": households,
        "has_households": any(h.includes for h in households),
        "settle_up": transfers,
        "expenses": list(expenses_of(group).prefetch_related("shares__member")[:RECENT_EXPENSES]),
    }
    return render(request, "web/groups/detail.html", context, status=status)
