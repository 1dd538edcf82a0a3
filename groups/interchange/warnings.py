"""Warnings about what an import could not carry over, grouped so a large file stays readable."""

from collections import defaultdict

SHOWN = 10
# How the items of a JSON file read without line numbers are named, by their list.
ITEMS = {"expenses": "expense", "members": "member", "participants": "participant"}


def place(line: int, where: tuple | None = None) -> str:
    """Where something is in a file: "line 12", or "expense 3" in a JSON file."""
    if line or not where:
        return f"line {line or 1}"
    if len(where) >= 2 and isinstance(where[-1], int):
        return f"{ITEMS.get(where[-2], 'item')} {where[-1] + 1}"
    if isinstance(where[-1], int):
        return f"bill {where[-1] + 1}"
    return "line 1"


class Warnings:
    """Collects warnings: single messages, and topics that gather the places they apply to."""

    def __init__(self, messages: list[str] | None = None) -> None:
        self.messages = list(messages or [])
        self.places: dict[str, list[str]] = defaultdict(list)

    def add(self, message: str) -> None:
        self.messages.append(message)

    def at(self, topic: str, where: str) -> None:
        """Note that ``topic`` (a sentence) applies at ``where``; reported once for all."""
        self.places[topic].append(where)

    def all(self) -> list[str]:
        gathered = []
        for topic, places in self.places.items():
            shown = places[:SHOWN]
            if all(p.startswith("line ") for p in shown) and len(places) > 1:
                listed = "lines " + ", ".join(p.removeprefix("line ") for p in shown)
            else:
                listed = ", ".join(shown)
            more = f" and {len(places) - SHOWN:,} more" if len(places) > SHOWN else ""
            gathered.append(f"{topic} ({listed}{more}).")
        return [*self.messages, *gathered]
