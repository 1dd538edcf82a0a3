"""A file uploaded for an import, kept between its preview and its confirmation.

The preview page carries a signed ticket (``django.core.signing``): the random name of the
file in a private folder, who uploaded it, and what they chose (format, name, rates). The
confirmation imports exactly that file, for that person, within ``MAX_AGE``; then the file
is gone, so a second click (or a replayed form) imports nothing twice. Nothing the browser
sends back can name another file or change the choices: the ticket is signed.

The folder (``IMPORT_PENDING_DIR``, default a folder in the system's temporary directory)
must be shared by every server process that may answer the confirmation.
"""

import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing

MAX_AGE = 60 * 60  # seconds from the preview to the confirmation
SALT = "groups.web.uploads"
KEY = re.compile(r"[A-Za-z0-9_-]{32}")


@dataclass(frozen=True)
class Pending:
    """An uploaded file claimed for its import: its bytes and the choices of its preview."""

    data: bytes
    choices: dict
    path: Path

    def done(self) -> None:
        """The import wrote the group: the file is no longer needed."""
        self.path.unlink(missing_ok=True)

    def put_back(self) -> None:
        """The import failed: the same ticket may be confirmed again."""
        self.path.rename(self.path.with_suffix(""))


def folder() -> Path:
    default = Path(tempfile.gettempdir()) / "splitwise-imports"
    path = Path(getattr(settings, "IMPORT_PENDING_DIR", None) or default)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def keep(data: bytes, *, user, choices: dict) -> str:
    """Keep ``data`` for ``user``'s confirmation; the signed ticket the preview carries."""
    where = folder()
    sweep(where)
    key = secrets.token_urlsafe(24)  # 32 characters
    descriptor = os.open(where / key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return signing.dumps({"key": key, "user": user.pk, **choices}, salt=SALT)


def claim(ticket: str, *, user) -> Pending | None:
    """The file of ``ticket``, taken so that no other confirmation gets it; None when the
    ticket is forged, another user's, older than ``MAX_AGE``, or already used."""
    try:
        body = signing.loads(ticket, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # also an expired one
        return None
    key = body.pop("key", None)
    if body.pop("user", None) != user.pk or not isinstance(key, str) or not KEY.fullmatch(key):
        return None
    where = folder()
    taken = where / f"{key}.taken"
    try:
        (where / key).rename(taken)  # atomic: of two confirmations, one gets the file
    except FileNotFoundError:
        return None
    return Pending(data=taken.read_bytes(), choices=body, path=taken)


def sweep(where: Path) -> None:
    """Delete files left by previews nobody confirmed."""
    oldest = time.time() - MAX_AGE - 60
    for path in where.iterdir():
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
        except FileNotFoundError:
            pass
