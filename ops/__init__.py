"""The operations guide as code: online backups, verified restores and safe migrations.

The management commands ``backup_db``, ``restore_db`` and ``safe_migrate`` are thin wrappers
over these modules. A refusal or failure is an ``OperationError`` whose message tells the
operator what happened, what was (not) changed and what to do next.
"""


class OperationError(Exception):
    """An operation refused or failed; the message is written for the operator."""


class DatabaseLocked(OperationError):
    """Another connection held the lock we needed for longer than we were told to wait."""

    def __init__(self, what: str, timeout: float):
        super().__init__(
            f"{what} is locked by another connection: waited {timeout:g} s for it. Let the "
            "other write finish or stop the application, then run this again (or wait longer "
            "with --lock-timeout). Nothing was changed."
        )
