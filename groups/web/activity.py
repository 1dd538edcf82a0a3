"""The activity log as people read it: each entry's sentence, and what an update changed.

The sentences are the log's own summaries (the services write them); an update's changes
(``{"field": {"before": …, "after": …}}``) become one line each, and an expense's shares
one line per person whose part changed.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from groups.models import Activity

FIELD_NAMES = {
    "description": "Description",
    "amount": "Amount",
    "date": "Date",
    "category": "Category",
    "split": "Split",
    "notes": "Notes",
    "currency": "Currency",
    "exchange_rate": "Exchange rate",
    "name": "Name",
    "role": "Role",
    "is_active": "Active",
    "manager": "Manager",
    "active": "Active",
}


@dataclass
class Entry:
    """One line of the log: when, the sentence, what changed, and its expense if any."""

    at: datetime
    summary: str
    changes: list[str] = field(default_factory=list)
    expense_id: int | None = None


def entries(activities: Iterable[Activity]) -> list[Entry]:
    return [Entry(a.at, a.summary, change_lines(a.changes or {}), a.expense_id) for a in activities]


def change_lines(changes: dict) -> list[str]:
    """An update's changes in words: "Amount: 30.00 → 45.00", "bob owes: 15.00 → 22.50"."""
    lines = []
    for name, change in changes.items():
        if not isinstance(change, dict) or set(change) != {"before", "after"}:
            continue  # not a before → after pair (e.g. which date a series was run for)
        if name == "shares":
            lines += _share_lines(change["before"] or [], change["after"] or [])
            continue
        label = FIELD_NAMES.get(name, name.replace("_", " ").capitalize())
        lines.append(f"{label}: {_word(change['before'])} → {_word(change['after'])}")
    return lines


def _share_lines(before: list, after: list) -> list[str]:
    old, new = _by_member(before), _by_member(after)
    lines = []
    for member in dict.fromkeys([*old, *new]):
        was, now = old.get(member, {}), new.get(member, {})
        name = now.get("name") or was.get("name") or "Someone"
        for key, verb in (("paid", "paid"), ("owed", "owes")):
            if was.get(key, "0.00") != now.get(key, "0.00"):
                lines.append(f"{name} {verb}: {was.get(key, '0.00')} → {now.get(key, '0.00')}")
    return lines


def _by_member(shares: list) -> dict:
    return {s.get("member"): s for s in shares if isinstance(s, dict)}


def _word(value) -> str:
    if value is None or value == "":
        return "none"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)
