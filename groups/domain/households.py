"""Folding managed members into their managers' households: a pure function of plain values."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Party:
    """One row of the aggregated balances: a member and the managed members folded into it."""

    member: int
    balance: Decimal
    includes: list[int] = field(default_factory=list)


def fold_households(balances: Mapping[int, Decimal], manager_of: Mapping[int, int]) -> list[Party]:
    """One party per unmanaged member; each manager carries its managed members' balances.

    ``manager_of`` maps a managed member to its manager. Parties keep the order of
    ``balances``; ``includes`` lists the managed members in that order too. The parties'
    balances add up to the members' balances.
    """
    parties = {
        member: Party(member=member, balance=balance)
        for member, balance in balances.items()
        if member not in manager_of
    }
    for member, balance in balances.items():
        manager = manager_of.get(member)
        if manager is not None:
            party = parties[manager]
            party.balance += balance
            party.includes.append(member)
    return list(parties.values())
