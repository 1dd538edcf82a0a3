"""Maintenance mode and the schema guard: how every server process stays out of the way of an
operation that changes the database, and never answers 500 for a schema it was not built for.

``hold`` puts every server process into maintenance — all workers, all machines — for as long
as a block runs: a lease in a store they all read (see ``stores``), renewed while the block
runs and expiring by itself if the process holding it dies. The middleware answers 503 with
``Retry-After`` meanwhile, and 503 naming the command to run while the database's migrations
do not match the code (see ``schema``).
"""

from splitwise.maintenance.lease import LEASE_SECONDS, hold
from splitwise.maintenance.records import Holder, State
from splitwise.maintenance.stores import current_store

__all__ = ["LEASE_SECONDS", "Holder", "State", "current_store", "hold", "state"]


def state() -> State:
    """Whether maintenance is on now, as every server process sees it."""
    return current_store().read()
