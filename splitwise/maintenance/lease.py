"""Holding maintenance while a block runs: a lease, renewed until the block ends.

A process that dies without letting go (killed, machine lost) stops renewing, and its lease
expires ``LEASE_SECONDS`` later: the service answers again by itself. A block nested in
another in the same process (a restore inside a failed migration) shares the outer lease.
"""

import contextlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator

from django.db import connections

from splitwise.maintenance.stores import current_store

logger = logging.getLogger(__name__)

LEASE_SECONDS = 15.0
RENEW_EVERY = LEASE_SECONDS / 3

_depth_lock = threading.Lock()
_depth = 0
_holder = ""


@contextlib.contextmanager
def hold(reason: str, *, lease: float = LEASE_SECONDS) -> Iterator[str]:
    """Keep every server process in maintenance until the block ends; yields the holder id."""
    global _depth, _holder
    with _depth_lock:
        nested = _depth > 0
        _depth += 1
    try:
        if nested:
            yield _holder
            return
        store = current_store()
        holder = f"{reason} ({socket.gethostname()}, pid {os.getpid()}, {uuid.uuid4().hex[:6]})"
        store.put(holder, reason, seconds=lease, lease=True)
        _holder = holder
        stop = threading.Event()
        renewer = threading.Thread(
            target=_renew,
            args=(holder, reason, lease, stop),
            name="maintenance-lease",
            daemon=True,
        )
        renewer.start()
        try:
            yield holder
        finally:
            stop.set()
            renewer.join()
            store.remove(holder)
    finally:
        with _depth_lock:
            _depth -= 1


def _renew(holder: str, reason: str, lease: float, stop: threading.Event) -> None:
    store = current_store()
    try:
        while not stop.wait(min(RENEW_EVERY, lease / 3)):
            try:
                store.put(holder, reason, seconds=lease, lease=True)
            except Exception:  # Keep trying: a renewal that fails once may succeed next time.
                logger.exception("Could not renew the maintenance lease %s", holder)
    finally:
        connections.close_all()
