"""Many groups in one database, fast: a crowd around the group a benchmark measures.

The expenses are generated once, among member numbers 0..N-1, and every group gets the same
history on its own members: generating them costs more than writing them, and what the crowd
is for is the rows, not their variety. Each group is written in its own transaction, its
members' totals set from its shares, as ``seed_group`` does.
"""

import dataclasses
import random
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from groups.seeding.bench import (
    GeneratedExpense,
    _create_members,
    _write_expenses,
    generate_expenses,
)
from groups.services import totals


@dataclass(frozen=True)
class CrowdResult:
    """What ``seed_groups`` created, and how long it took."""

    group_ids: list[int]
    expenses: int
    shares: int
    seconds: float


def seed_groups(
    *, count: int, members: int, expenses: int, seed: int = 0, name: str = "Crowd"
) -> CrowdResult:
    """``count`` groups of ``members`` members, each with the same ``expenses`` expenses."""
    if members < 2:
        raise ValueError("A group needs at least two members to share expenses.")
    started = time.perf_counter()
    template = list(
        generate_expenses(
            random.Random(seed), list(range(members)), expenses, today=timezone.localdate()
        )
    )
    rng = random.Random(seed)
    group_ids, expense_count, share_count = [], 0, 0
    for number in range(1, count + 1):
        with transaction.atomic():
            owner, group, member_list = _create_members(rng, f"{name} {number}", members, 0.4)
            ids = [member.pk for member in member_list]
            written = _write_expenses(group, owner, (_on(ids, item) for item in template))
            totals.recompute(group.pk)
        group_ids.append(group.pk)
        expense_count += written[0]
        share_count += written[2]
    return CrowdResult(group_ids, expense_count, share_count, time.perf_counter() - started)


def _on(member_ids: list[int], item: GeneratedExpense) -> GeneratedExpense:
    """The template expense among this group's members."""
    return dataclasses.replace(
        item, shares=tuple((member_ids[m], paid, owed) for m, paid, owed in item.shares)
    )
