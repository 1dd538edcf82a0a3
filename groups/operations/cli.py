"""What the three operations commands share: options, waiting for locks, progress, asking."""

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


def add_noinput_argument(parser) -> None:
    """--noinput/--no-input, as Django's own destructive commands spell it."""
    parser.add_argument(
        "--noinput",
        "--no-input",
        action="store_false",
        dest="interactive",
        help="Do not ask for confirmation (for scripts).",
    )


def lock_timeout(connection, requested: float | None) -> float:
    """The seconds to wait for a lock: as requested, else as configured for the database."""
    if requested is not None:
        return max(requested, 0.0)
    return float(connection.settings_dict.get("OPTIONS", {}).get("timeout", DEFAULT_LOCK_TIMEOUT))


def ask(question: str) -> bool:
    """Ask on the terminal, as Django's own destructive commands do; only "yes" proceeds."""
    try:
        answer = input(f"{question}\n\n    Type 'yes' to continue, or 'no' to cancel: ")
    except EOFError:
        return False
    return answer.strip().lower() == "yes"


class ProgressLine:
    """Redraws one line with the pages copied so far; used only when writing to a terminal."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent == self.shown:
            return
        self.shown = percent
        ending = "\n" if done >= total else ""
        self.stdout.write(f"\rCopying: {percent:3d}% ({done:,} of {total:,} pages)", ending=ending)
        self.stdout.flush()


def progress_for(stdout) -> ProgressLine | None:
    """A progress line when ``stdout`` is a terminal, else nothing."""
    return ProgressLine(stdout) if stdout.isatty() else None
