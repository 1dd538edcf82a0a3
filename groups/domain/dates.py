"""The dates an expense may carry: none before 1900 or after 2200.

Nobody shares a cost dated outside that range; such a date is a typo (0026 for 2026) or a
probe, and refusing it keeps every date four digits long for reports, exports and sorting.
"""

from datetime import date

EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)
# The same range as text (YYYY-MM-DD), for an OpenAPI pattern.
PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$"


def date_problem(value: date) -> str | None:
    """Why ``value`` cannot be an expense's date, or None."""
    if not EARLIEST <= value <= LATEST:
        return f"Give a date from {EARLIEST.isoformat()} to {LATEST.isoformat()}."
    return None
