"""What the three operations commands share: --database, --lock-timeout and how long to wait."""

from django.db import DEFAULT_DB_ALIAS, connections

# How long to wait for another connection's lock when neither --lock-timeout nor the
# database's own OPTIONS["timeout"] says.
DEFAULT_LOCK_TIMEOUT = 20.0


def add_common_arguments(parser) -> None:
    """--database and --lock-timeout."""
    parser.add_argument(
        "--database",
        default=DEFAULT_DB_ALIAS,
        choices=tuple(connections),
        help='The database to work on. Defaults to the "default" database.',
    )
    parser.add_argument(
        "--lock-timeout",
        type=float,
        metavar="SECONDS",
        help="How long to wait for another connection's lock before giving up with a clear "
        "error (default: the database's configured timeout, else 20).",
    )


def lock_timeout(connection, requested: float | None) -> float:
    """The seconds to wait for a lock: as requested, else as configured for the database."""
    if requested is not None:
        return max(requested, 0.0)
    return float(connection.settings_dict.get("OPTIONS", {}).get("timeout", DEFAULT_LOCK_TIMEOUT))
