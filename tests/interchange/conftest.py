"""Reading sample files and balances of plans, for the pure interchange tests."""

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

from groups.domain.money import from_cents
from groups.interchange import Plan

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def expected(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.expected.json").read_text())


def balances(plan: Plan) -> dict[str, Decimal]:
    """Each member's balance by name."""
    return {
        member.name: from_cents(cents)
        for member, cents in zip(plan.members, plan.balances(), strict=True)
    }


def involvement(plan: Plan) -> Counter:
    """In how many entries each member pays or shares."""
    counts = Counter()
    for entry in plan.entries:
        for index, _, _ in entry.shares:
            counts[plan.members[index].name] += 1
    return counts
