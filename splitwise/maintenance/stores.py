"""Where the maintenance flag lives, so that every server process reads the same one.

- ``DJANGO_CACHE_URL`` set (several machines): in that shared cache, e.g. Redis — one GET per
  request, and it lives apart from the database, which may be in the middle of a restore.
- Otherwise with the database, where every process of the service already looks:
  - SQLite: a small file next to the database file (``db.sqlite3.maintenance``). One ``stat``
    per request; it is read again only when it changed. It is not inside the database, so it
    holds while the database is migrated or restored, and it needs no open connection: an idle
    development server sees it too.
  - PostgreSQL: a table in its own schema, ``splitwise_maintenance`` (see ``postgres``), out of
    reach of migrations, backups and restores, which work on the application's schema only.
  - SQLite in memory (tests): no other process can reach that database, so neither a flag.

The setting ``MAINTENANCE_STORE`` chooses: ``"database"`` (the default), ``"cache"`` or
``"cache:ALIAS"``, or ``"file:PATH"``.
"""

import contextlib
import fcntl
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections

from splitwise.maintenance import records
from splitwise.maintenance.records import OFF, Holder, State

logger = logging.getLogger(__name__)

Change = Callable[[dict | None], dict]


class RecordStore:
    """A store that keeps the whole record as one document, changed under a lock."""

    def read(self) -> State:
        return records.state_of(self._load())

    def holders(self) -> list[Holder]:
        return records.holders_of(self._load())

    def put(self, holder_id: str, reason: str, *, seconds: float | None, lease: bool) -> None:
        """Add ``holder_id``, or renew it, for ``seconds`` from now (None: until removed)."""

        def change(record):
            now = time.time()
            old = ((record or {}).get("holders") or {}).get(holder_id)
            since = old["since"] if old else now
            until = None if seconds is None else now + seconds
            return records.with_holder(record, Holder(holder_id, reason, since, until, lease))

        self._update(change)

    def remove(self, holder_id: str) -> None:
        self._update(lambda record: records.without_holder(record, holder_id))

    def _load(self) -> dict | None:
        raise NotImplementedError

    def _update(self, change: Change) -> None:
        raise NotImplementedError


class MemoryStore(RecordStore):
    """For a database in memory, which only this process can reach."""

    def __init__(self):
        self._record: dict | None = None
        self._lock = threading.Lock()

    def where(self) -> str:
        return "this process's memory (the database is in memory)"

    def _load(self) -> dict | None:
        return self._record

    def _update(self, change: Change) -> None:
        with self._lock:
            self._record = change(self._record)


class FileStore(RecordStore):
    """A JSON file, replaced atomically; readers ``stat`` it and read it when it changed."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._seen: tuple[tuple | None, dict | None] = (None, None)

    def where(self) -> str:
        return f"the file {self.path}"

    def read(self) -> State:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return OFF
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        seen, record = self._seen
        if key != seen:
            record = self._load()
            self._seen = (key, record)
        return records.state_of(record)

    def _load(self) -> dict | None:
        try:
            return json.loads(self.path.read_text())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            logger.warning("Cannot read the maintenance flag %s: %s", self.path, error)
            return None

    def _update(self, change: Change) -> None:
        lock = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            record = change(self._load())
            partial = self.path.with_name(f"{self.path.name}.{uuid.uuid4().hex}.partial")
            try:
                with open(partial, "w") as file:
                    json.dump(record, file)
                    file.flush()
                    os.fsync(file.fileno())
                # Server processes may run as another user than the operator: they must read it.
                os.chmod(partial, 0o644)
                self._same_owner_as_directory(partial, lock)
                os.replace(partial, self.path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(partial)
        finally:
            os.close(fd)

    def _same_owner_as_directory(self, *paths: Path) -> None:
        owner = self.path.parent.stat()
        for path in paths:
            with contextlib.suppress(PermissionError):  # only root may give files away
                os.chown(path, owner.st_uid, owner.st_gid)


class CacheStore(RecordStore):
    """A key in a shared cache (Redis), changed under a lock taken with an atomic ``add``."""

    KEY = "maintenance"
    LOCK = "maintenance:lock"
    LOCK_SECONDS = 10

    def __init__(self, alias: str):
        self.alias = alias

    @property
    def cache(self):
        return caches[self.alias]

    def where(self) -> str:
        location = settings.CACHES[self.alias].get("LOCATION", "")
        return f"the cache {self.alias!r} ({location}), key {self.cache.make_key(self.KEY)!r}"

    def _load(self) -> dict | None:
        return self.cache.get(self.KEY)

    def _update(self, change: Change) -> None:
        token = uuid.uuid4().hex
        deadline = time.monotonic() + self.LOCK_SECONDS
        while not self.cache.add(self.LOCK, token, timeout=self.LOCK_SECONDS):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.where()} stayed locked for {self.LOCK_SECONDS} s.")
            time.sleep(0.01)
        try:
            record = change(self.cache.get(self.KEY))
            self.cache.set(self.KEY, record, timeout=self._timeout(record))
        finally:
            if self.cache.get(self.LOCK) == token:
                self.cache.delete(self.LOCK)

    @staticmethod
    def _timeout(record: dict) -> float | None:
        """Leases expire by themselves even where clocks disagree: the key goes with them."""
        holders = records.holders_of(record)
        if not holders or any(holder.until is None for holder in holders):
            return None
        return max(1.0, max(holder.until for holder in holders) - time.time() + 60)


_stores: dict[tuple, RecordStore] = {}
_stores_lock = threading.Lock()


def current_store():
    """The store the settings name, for the default database as it is configured now."""
    spec = getattr(settings, "MAINTENANCE_STORE", "database")
    database = connections[DEFAULT_DB_ALIAS].settings_dict
    key = (spec, database["ENGINE"], str(database["NAME"]))
    store = _stores.get(key)
    if store is None:
        with _stores_lock:
            store = _stores.setdefault(key, _make(spec))
    return store


def _make(spec: str):
    if spec.startswith("file:"):
        return FileStore(spec.removeprefix("file:"))
    if spec == "cache" or spec.startswith("cache:"):
        return CacheStore(spec.partition(":")[2] or "default")
    if spec != "database":
        raise ValueError(f"MAINTENANCE_STORE must be database, cache[:ALIAS] or file:PATH: {spec}")
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            return MemoryStore()
        return FileStore(f"{Path(connection.settings_dict['NAME']).absolute()}.maintenance")
    if connection.vendor == "postgresql":
        from splitwise.maintenance.postgres import PostgresStore

        return PostgresStore(DEFAULT_DB_ALIAS)
    raise ValueError(f"No maintenance store for {connection.vendor} databases.")
