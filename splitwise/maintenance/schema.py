"""The schema guard: does the database hold exactly the migrations this code was built for?

Checked once per process and remembered: not a query per request. Checked again when the
database reports a missing table or column (someone rolled it back under us), when
maintenance ends (an operation may have changed it), and, while it does not match, at most
once a second until it does.
"""

import logging
import threading
import time
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)

RECHECK_SECONDS = 1.0
RETRY_AFTER = 10
COMMAND = "python manage.py safe_migrate"


@dataclass(frozen=True)
class Problem:
    """Why the service cannot answer from this database, said for clients and operators."""

    kind: str  # "behind", "ahead" or "unreachable"
    message: str
    migrations: tuple[str, ...] = ()


def check(connection) -> Problem | None:
    """Compare the migrations the database has applied with those this code has."""
    try:
        executor = MigrationExecutor(connection)
        loader = executor.loader
        plan = executor.migration_plan(loader.graph.leaf_nodes())
    except DatabaseError as error:
        return Problem("unreachable", f"The database cannot be read: {error}")
    unknown = sorted(
        (app, name)
        for app, name in loader.applied_migrations
        if app in loader.migrated_apps and (app, name) not in loader.disk_migrations
    )
    if unknown:
        targets = " ".join(
            f"`{COMMAND} {app} {_latest(loader, app)}`" for app in sorted({a for a, _ in unknown})
        )
        return Problem(
            "ahead",
            "The database has migrations this version of splitwise does not know. Operators: "
            "deploy the version that has them, or with that version roll the database back: "
            f"{targets}.",
            tuple(f"{app}.{name}" for app, name in unknown),
        )
    if plan:
        return Problem(
            "behind",
            "The database is missing migrations this version of splitwise needs. Operators: "
            f"run `{COMMAND}`.",
            tuple(f"{migration.app_label}.{migration.name}" for migration, _ in plan),
        )
    return None


def _latest(loader, app: str) -> str:
    leaves = [name for app_label, name in loader.graph.leaf_nodes() if app_label == app]
    return leaves[0].split("_")[0] if leaves else "zero"


class SchemaGuard:
    """This process's memory of the check, and when to make it again."""

    _UNKNOWN = object()

    def __init__(self, alias: str = DEFAULT_DB_ALIAS):
        self.alias = alias
        self._lock = threading.Lock()
        self._problem = self._UNKNOWN
        self._checked = 0.0

    def problem(self) -> Problem | None:
        """The remembered answer, checked again only when it is unknown or was a problem."""
        problem = self._problem
        if problem is self._UNKNOWN or (
            problem is not None and time.monotonic() - self._checked >= RECHECK_SECONDS
        ):
            return self.recheck()
        return problem

    def recheck(self) -> Problem | None:
        """Check now (one query), remember the answer and log when it changed."""
        with self._lock:
            problem = check(connections[self.alias])
            if problem != self._problem:
                if problem is None and isinstance(self._problem, Problem):
                    logger.warning("The database's migrations match the code again.")
                elif problem is not None:
                    logger.warning("%s (%s)", problem.message, ", ".join(problem.migrations))
            self._problem, self._checked = problem, time.monotonic()
            return problem

    def forget(self) -> None:
        """The database may have changed: check again before the next request."""
        self._problem = self._UNKNOWN


guard = SchemaGuard()
