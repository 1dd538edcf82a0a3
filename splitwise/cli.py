"""What every management command of the project shares: --noinput, asking, a progress line.

Django's own destructive commands set the pattern: show what will happen, ask for "yes", and
take ``--noinput`` for scripts.
"""


def add_noinput_argument(parser) -> None:
    """--noinput/--no-input, as Django's own destructive commands spell it."""
    parser.add_argument(
        "--noinput",
        "--no-input",
        action="store_false",
        dest="interactive",
        help="Do not ask for confirmation (for scripts).",
    )


def ask(question: str) -> bool:
    """Ask on the terminal, as Django's own destructive commands do; only "yes" proceeds."""
    try:
        answer = input(f"{question}\n\n    Type 'yes' to continue, or 'no' to cancel: ")
    except EOFError:
        return False
    return answer.strip().lower() == "yes"


class ProgressLine:
    """Redraws one line with the work done so far; used only when writing to a terminal."""

    def __init__(self, stdout, *, verb: str = "Copying", unit: str = "pages"):
        self.stdout = stdout
        self.verb, self.unit = verb, unit
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent == self.shown:
            return
        self.shown = percent
        ending = "\n" if done >= total else ""
        self.stdout.write(
            f"\r{self.verb}: {percent:3d}% ({done:,} of {total:,} {self.unit})", ending=ending
        )
        self.stdout.flush()


def progress_for(stdout, **wording) -> ProgressLine | None:
    """A progress line when ``stdout`` is a terminal, else nothing."""
    return ProgressLine(stdout, **wording) if stdout.isatty() else None
