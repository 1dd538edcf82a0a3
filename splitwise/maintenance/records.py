"""What a maintenance store holds: who holds maintenance, until when, and how often it changed.

Pure values and functions, shared by every store that keeps the record as one document.
"""

import time
from dataclasses import dataclass

# Retry-After of a 503 during an operation: most take seconds (see the migration benchmark).
RETRY_AFTER = 5
# While an operator keeps maintenance on until further notice.
RETRY_AFTER_OPERATOR = 30
# The longest Retry-After we announce for maintenance an operator turned on for a while.
MAX_RETRY_AFTER = 3600


@dataclass(frozen=True)
class Holder:
    """One reason the service is in maintenance: a running command's lease, or an operator."""

    id: str
    reason: str
    since: float  # seconds since the epoch
    until: float | None  # None: until someone turns it off
    lease: bool = False  # a running command's lease, renewed while it runs

    def active(self, now: float) -> bool:
        return self.until is None or self.until > now


@dataclass(frozen=True)
class State:
    """What a server process reads before each request."""

    active: bool
    # Changes whenever a holder comes or goes (not on renewals): a process that sees a new
    # generation knows the database may have changed under it and checks its schema again.
    generation: int | None = None
    retry_after: int = RETRY_AFTER


OFF = State(active=False, generation=0)


def empty_record() -> dict:
    return {"generation": 0, "holders": {}}


def holders_of(record: dict | None) -> list[Holder]:
    """The holders a record lists, expired ones included, oldest first."""
    holders = [
        Holder(
            id=key,
            reason=value["reason"],
            since=value["since"],
            until=value["until"],
            lease=value.get("lease", False),
        )
        for key, value in ((record or {}).get("holders") or {}).items()
    ]
    return sorted(holders, key=lambda holder: holder.since)


def state_of(record: dict | None, now: float | None = None) -> State:
    """The state a record describes at ``now``."""
    if not record:
        return OFF
    now = time.time() if now is None else now
    active = [holder for holder in holders_of(record) if holder.active(now)]
    return State(
        active=bool(active),
        generation=record.get("generation", 0),
        retry_after=retry_after(active, now),
    )


def retry_after(active: list[Holder], now: float) -> int:
    """Seconds a client should wait: a few while a command runs, else the operator's end."""
    if not active or any(holder.lease for holder in active):
        return RETRY_AFTER
    if any(holder.until is None for holder in active):
        return RETRY_AFTER_OPERATOR
    return max(1, min(MAX_RETRY_AFTER, round(max(holder.until for holder in active) - now)))


def with_holder(record: dict | None, holder: Holder) -> dict:
    """The record with ``holder`` added or renewed; a holder that was not there is a change."""
    record = record or empty_record()
    holders = dict(record.get("holders") or {})
    change = holder.id not in holders
    holders[holder.id] = {
        "reason": holder.reason,
        "since": holder.since,
        "until": holder.until,
        "lease": holder.lease,
    }
    return {"generation": record.get("generation", 0) + change, "holders": holders}


def without_holder(record: dict | None, holder_id: str) -> dict:
    """The record without ``holder_id`` (and without holders long expired)."""
    record = record or empty_record()
    now = time.time()
    holders = {
        key: value
        for key, value in (record.get("holders") or {}).items()
        if key != holder_id and (value["until"] is None or value["until"] > now - 3600)
    }
    return {"generation": record.get("generation", 0) + 1, "holders": holders}
