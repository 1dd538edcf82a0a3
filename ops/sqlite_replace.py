"""Putting a verified copy in place of an SQLite database file, keeping the one it replaces.

Why replace the file rather than write the backup into the live database with the backup API:
restoring is what you do when the database is damaged, and a damaged file may not even open;
the old ``-wal`` is never read (a ``-wal`` left next to a restored file is replayed into it
by the next connection, silently mixing two databases); the data is written once, not through
the WAL and again at checkpoint; and the old database survives untouched under a new name, so
a mistaken restore can itself be undone. The price is that no other process may have the file
open (it would keep using the old one), which ``exclusive_access`` proves before anything moves.
"""

import contextlib
import errno
import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from ops import OperationError
from ops.sqlite import fsync_dir

# SQLite's unix VFS locks these bytes of the main file (os_unix.c). Every connection holds a
# read lock on the shared range while it reads, and for as long as it has a WAL database open.
PENDING_BYTE = 0x40000000
RESERVED_BYTE = PENDING_BYTE + 1
SHARED_FIRST = PENDING_BYTE + 2
SHARED_SIZE = 510
# SQLite's own EXCLUSIVE lock: what a writer takes before it may write the main file.
EXCLUSIVE_RANGES = ((PENDING_BYTE, 1), (RESERVED_BYTE, 1), (SHARED_FIRST, SHARED_SIZE))
SIDECARS = ("-wal", "-journal", "-shm")


@contextlib.contextmanager
def exclusive_access(path: Path, timeout: float) -> Iterator[int]:
    """Hold SQLite's exclusive lock on ``path``: proof that no other process has it open.

    Yields the locked file descriptor. Closing any descriptor of the file releases a process's
    POSIX locks, so nothing in this process may open and close ``path`` meanwhile.
    """
    fd = os.open(path, os.O_RDWR)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                for start, length in EXCLUSIVE_RANGES:
                    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, length, start)
                break
            except OSError as error:
                if error.errno not in (errno.EACCES, errno.EAGAIN):
                    raise
                if time.monotonic() >= deadline:
                    raise OperationError(
                        f"{path} is in use by another process: waited {timeout:g} s for it to "
                        "close the database. Stop the application first, then run this again. "
                        "Nothing was changed."
                    ) from None
                time.sleep(0.05)
        yield fd
    finally:
        os.close(fd)


def replace(target: Path, new: Path, *, keep_as: Path, timeout: float) -> Path | None:
    """Make the verified, fsynced file ``new`` the database at ``target``, atomically.

    The database it replaces is kept as ``keep_as`` with its ``-wal`` (so no committed row is
    lost); the stale ``-shm`` is removed. Returns ``keep_as``, or None when ``target`` did not
    exist.
    """
    if not target.exists():
        os.replace(new, target)
        fsync_dir(target.parent)
        return None
    with exclusive_access(target, timeout) as fd:
        _link_or_copy(target, keep_as, fd)
        for suffix in SIDECARS:
            sidecar = Path(f"{target}{suffix}")
            if suffix == "-shm":
                sidecar.unlink(missing_ok=True)
            elif sidecar.exists():
                os.replace(sidecar, f"{keep_as}{suffix}")
        os.replace(new, target)
        fsync_dir(target.parent)
    _fold_journal(keep_as)
    return keep_as


def _link_or_copy(source: Path, dest: Path, fd: int) -> None:
    try:
        os.link(source, dest)
    except OSError:
        # No hard links here (some network and FAT file systems): copy through the locked
        # descriptor, because opening and closing another one would drop our lock.
        with open(dest, "wb") as out:
            offset = 0
            while chunk := os.pread(fd, 1 << 20, offset):
                out.write(chunk)
                offset += len(chunk)
            out.flush()
            os.fsync(out.fileno())


def _fold_journal(path: Path) -> None:
    """Fold a kept database's ``-wal`` into it, so it is one self-contained file."""
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # A damaged old database stays as it was, next to its -wal: nothing is lost.
