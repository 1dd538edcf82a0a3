"""How a write changes members' maintained totals: what each paid and what each owes.

A write removes some shares (an edit's old ones, a trashed expense's) and adds others; the
totals move by the difference, member by member. Pure: the services apply it in the write's
transaction (groups/services/totals.py).
"""

from collections.abc import Iterable
from decimal import Decimal

ZERO = Decimal("0.00")

# One share as the totals see it: (member id, paid, owed).
ShareRow = tuple[int, Decimal, Decimal]
# How much each member's paid and owed totals move.
Change = dict[int, tuple[Decimal, Decimal]]


def net_change(removed: Iterable[ShareRow] = (), added: Iterable[ShareRow] = ()) -> Change:
    """Each member's (paid, owed) movement from ``removed`` to ``added``; unmoved ones left out."""
    change: Change = {}
    for sign, rows in ((-1, removed), (1, added)):
        for member_id, paid, owed in rows:
            paid_so_far, owed_so_far = change.get(member_id, (ZERO, ZERO))
            change[member_id] = (paid_so_far + sign * paid, owed_so_far + sign * owed)
    return {member_id: moved for member_id, moved in change.items() if any(moved)}
