"""Settle group balances with as few transfers as possible.

Up to EXACT_SETTLEMENT_LIMIT parties with a non-zero balance get the proven minimum number of
transfers; larger groups are settled greedily, which still needs at most one fewer than parties.
"""

import functools
import heapq
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from groups.domain.money import from_cents, to_cents

EXACT_SETTLEMENT_LIMIT = 15


@dataclass(frozen=True)
class Transfer:
    """A payment of amount from debtor to creditor."""

    debtor: int
    creditor: int
    amount: Decimal


def settle_up(balances: Mapping[int, Decimal]) -> list[Transfer]:
    """Return transfers, sorted by (debtor, creditor), that bring every balance to zero."""
    cents_by_party = {party: to_cents(balance) for party, balance in balances.items()}
    imbalance = sum(cents_by_party.values())
    if imbalance:
        raise ValueError(f"Balances must add up to zero, not {from_cents(imbalance)}.")
    unsettled = {party: cents for party, cents in sorted(cents_by_party.items()) if cents}
    if len(unsettled) <= EXACT_SETTLEMENT_LIMIT:
        groups = _most_zero_sum_groups(unsettled)
    else:
        groups = [unsettled]
    transfers = [transfer for group in groups for transfer in _greedy_transfers(group)]
    return sorted(transfers, key=lambda transfer: (transfer.debtor, transfer.creditor))


def _greedy_transfers(cents_by_party: Mapping[int, int]) -> list[Transfer]:
    """Settle zero-sum balances by the largest debtor paying the largest creditor, repeatedly."""
    # Heaps of (-size, party): the largest balance first, the lowest party id on ties.
    debtors = [(cents, party) for party, cents in cents_by_party.items() if cents < 0]
    creditors = [(-cents, party) for party, cents in cents_by_party.items() if cents > 0]
    heapq.heapify(debtors)
    heapq.heapify(creditors)
    transfers = []
    while debtors:
        negative_debt, debtor = heapq.heappop(debtors)
        negative_credit, creditor = heapq.heappop(creditors)
        paid = min(-negative_debt, -negative_credit)
        transfers.append(Transfer(debtor=debtor, creditor=creditor, amount=from_cents(paid)))
        if negative_debt + paid:
            heapq.heappush(debtors, (negative_debt + paid, debtor))
        if negative_credit + paid:
            heapq.heappush(creditors, (negative_credit + paid, creditor))
    return transfers


def _most_zero_sum_groups(cents_by_party: Mapping[int, int]) -> list[dict[int, int]]:
    """Partition the parties into as many groups with a zero total as possible."""
    # Settling a zero-sum group of k parties takes k - 1 transfers, so the most groups means the
    # fewest transfers. A partition into k zero-sum groups is a chain of k ever larger zero-sum
    # sets ending with everyone, so this looks for the longest such chain.
    # A set of parties is a bitmask, and a family of sets is one int with bit `mask` set for each
    # member set, so every step below handles all 2**n sets at once.
    parties = list(cents_by_party)
    everyone = (1 << len(parties)) - 1
    subset_sums = [0]
    for party in parties:
        subset_sums += [subtotal + cents_by_party[party] for subtotal in subset_sums]
    zero_sum = int("".join("0" if total else "1" for total in reversed(subset_sums)), 2)
    lacking = _families_lacking_each_party(len(parties))

    # chain_ends[k] holds the zero-sum sets that end a chain of k + 1 non-empty zero-sum sets.
    chain_ends = [zero_sum & ~1]
    while True:
        longer = _strict_supersets(chain_ends[-1], lacking) & zero_sum
        if not longer >> everyone & 1:
            break
        chain_ends.append(longer)

    # Walk back down one longest chain; the lowest mask at each step keeps the result repeatable.
    group_masks = []
    outer = everyone
    for shorter_chain_ends in reversed(chain_ends[:-1]):
        inside = shorter_chain_ends & _subsets(outer, lacking) & ~(1 << outer)
        inner = (inside & -inside).bit_length() - 1
        group_masks.append(outer ^ inner)
        outer = inner
    group_masks.append(outer)
    return [
        {party: cents_by_party[party] for bit, party in enumerate(parties) if mask >> bit & 1}
        for mask in reversed(group_masks)
    ]


@functools.cache
def _families_lacking_each_party(party_count: int) -> tuple[int, ...]:
    """For each party, the family of all sets of party_count parties that leave that party out."""
    all_sets = (1 << (1 << party_count)) - 1
    families = []
    for bit in range(party_count):
        run = 1 << bit
        # Sets without this party come in runs of `run` masks, every 2 * run masks.
        every_period = all_sets // ((1 << 2 * run) - 1)
        families.append(every_period * ((1 << run) - 1))
    return tuple(families)


def _strict_supersets(family: int, lacking: tuple[int, ...]) -> int:
    """The family of sets that strictly contain some member of family."""
    larger = 0
    for bit, without_party in enumerate(lacking):
        larger |= (family & without_party) << (1 << bit)
    for bit, without_party in enumerate(lacking):
        larger |= (larger & without_party) << (1 << bit)
    return larger


def _subsets(mask: int, lacking: tuple[int, ...]) -> int:
    """The family of all subsets of mask, itself included."""
    family = 1 << mask
    for bit, without_party in enumerate(lacking):
        if mask >> bit & 1:
            family |= (family & ~without_party) >> (1 << bit)
    return family
