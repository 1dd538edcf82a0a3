"""Maintenance and the schema guard, before anything else of a request touches the database."""

import logging

from django.db import connections

from splitwise import maintenance
from splitwise.maintenance import errors, responses
from splitwise.maintenance.records import RETRY_AFTER, State
from splitwise.maintenance.schema import RETRY_AFTER as SCHEMA_RETRY_AFTER
from splitwise.maintenance.schema import guard

logger = logging.getLogger(__name__)


class MaintenanceMiddleware:
    """503 while an operation holds maintenance or the schema does not match the code.

    Place it before every middleware that may use the database (sessions, authentication).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.seen = None

    def __call__(self, request):
        flag = self.read_flag()
        if flag.active:
            _close_sqlite_connections()
            return responses.unavailable(request, responses.MAINTENANCE, flag.retry_after)
        if self.seen is not None and flag != self.seen:
            guard.forget()  # maintenance ended or changed hands: the database may differ
        self.seen = flag
        problem = guard.problem()
        if problem is not None:
            return responses.unavailable(request, problem.message, SCHEMA_RETRY_AFTER)
        return self.get_response(request)

    def process_exception(self, request, exception):
        """A missing table or column, a lock or a lost connection: 503, never 500."""
        kind = errors.classify(exception)
        if kind is None:
            return None
        logger.warning("Answered 503 for %s %s: %s", request.method, request.path, exception)
        if kind == errors.SCHEMA:
            problem = _recheck()
            if problem is not None:
                return responses.unavailable(request, problem.message, SCHEMA_RETRY_AFTER)
        return responses.unavailable(request, responses.BUSY, RETRY_AFTER)

    @staticmethod
    def read_flag() -> State:
        try:
            return maintenance.state()
        except Exception:  # The store is unreachable: serve rather than fail every request.
            logger.exception("Cannot read the maintenance flag; serving as if it were off.")
            return State(active=False)


def _recheck():
    try:
        return guard.recheck()
    except Exception:
        logger.exception("Cannot check the database's migrations.")
        return None


def _close_sqlite_connections() -> None:
    """Let go of an SQLite file while maintenance holds: an operation may need it alone."""
    for connection in connections.all(initialized_only=True):
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            connection.close()
