"""A file that cannot be imported, and where."""


class FileError(ValueError):
    """A refused file: ``line`` is where (1-based), ``message`` says what and how to fix it."""

    def __init__(self, line: int, message: str, *, where: tuple | None = None) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message
        # In a JSON file read without line numbers: the path to the part at fault, from
        # which the line is found when the error is reported.
        self.where = where
