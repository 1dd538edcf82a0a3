"""Scratch databases, HTTP requests and the machine line, shared by the benchmarks.

A scratch database is an SQLite file in a folder of the caller's, or a database created next
to the one a PostgreSQL DATABASE_URL names (that one is not used) and dropped afterwards.
"""

import contextlib
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.serving import LOCALHOST, production_environment


@dataclass
class Timing:
    median_ms: float
    p95_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> "Timing":
        ordered = sorted(seconds)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return cls(statistics.median(ordered) * 1000, p95 * 1000)


# --- databases ------------------------------------------------------------------------------


class SQLiteDatabase:
    vendor = "sqlite"

    def __init__(self, folder: Path, size: int | str):
        self.path = folder / f"bench-{size}.sqlite3"

    def copy(self, suffix: str) -> "SQLiteDatabase":
        """A copy of the whole database, under a new name, for a second server."""
        with contextlib.closing(self.connect()) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        other = SQLiteDatabase(self.path.parent, f"{self.path.stem[6:]}-{suffix}")
        shutil.copyfile(self.path, other.path)
        return other

    def env(self) -> dict[str, str]:
        return {"SQLITE_PATH": str(self.path)}

    def connect(self):
        # The same driver Django's SQLite backend uses, with its autocommit mode.
        return sqlite3.connect(self.path, isolation_level=None)

    @staticmethod
    def driver_sql(sql: str) -> str:
        return sql.replace("%s", "?")

    def after_seed(self) -> None:
        pass

    def plan(self, conn, sql: str, params: list) -> str:
        rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        return "; ".join(row[-1] for row in rows)

    def drop(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    @staticmethod
    def version() -> str:
        return f"SQLite {sqlite3.sqlite_version}"


class PostgresDatabase:
    """A scratch database on the server DATABASE_URL names; the named database is not used."""

    vendor = "postgresql"

    def __init__(self, admin_url: str, size: int | str, template: str = ""):
        self.admin_url = admin_url
        self.name = f"splitwise_bench_{size}_{secrets.token_hex(3)}"
        parts = urlsplit(admin_url)
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        copy_of = f' TEMPLATE "{template}"' if template else ""
        self._admin(f'CREATE DATABASE "{self.name}"{copy_of}')

    def copy(self, suffix: str) -> "PostgresDatabase":
        """A copy of the whole database (CREATE DATABASE ... TEMPLATE), for a second server."""
        return PostgresDatabase(self.admin_url, suffix, template=self.name)

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(statement)

    def env(self) -> dict[str, str]:
        return {"DATABASE_URL": self.url}

    def connect(self):
        import psycopg

        # Django's psycopg backend binds parameters on the client side by default.
        return psycopg.connect(self.url, autocommit=True, cursor_factory=psycopg.ClientCursor)

    @staticmethod
    def driver_sql(sql: str) -> str:
        return sql

    def after_seed(self) -> None:
        # What autovacuum does soon after a bulk load: statistics and the visibility map, so
        # the planner can choose an index-only scan.
        # A checkpoint too, so writing out the bulk load does not slow the measurements.
        with contextlib.closing(self.connect()) as conn:
            conn.execute("VACUUM ANALYZE")
            conn.execute("CHECKPOINT")

    def plan(self, conn, sql: str, params: list) -> str:
        [[[tree]]] = conn.execute(f"EXPLAIN (FORMAT JSON) {sql}", params).fetchall()

        def nodes(node):
            name = node["Node Type"]
            if name == "Aggregate":
                name = {"Hashed": "HashAggregate", "Sorted": "GroupAggregate"}.get(
                    node.get("Strategy"), name
                )
                if node.get("Partial Mode", "Simple") != "Simple":
                    name = f"{node['Partial Mode']} {name}"
            if node.get("Parallel Aware"):
                name = f"Parallel {name}"
            if "Index Name" in node:
                name += f" using {node['Index Name']}"
            return [name, *(n for child in node.get("Plans", ()) for n in nodes(child))]

        return " < ".join(nodes(tree["Plan"]))

    def drop(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def version(self) -> str:
        with contextlib.closing(self.connect()) as conn:
            return "PostgreSQL " + conn.execute("SHOW server_version").fetchone()[0].split()[0]


def server_env(database) -> dict[str, str]:
    return {**production_environment(database.env()), "DJANGO_LOG_LEVEL": "ERROR"}


def request(port: int, method: str, path: str, token: str, body: dict | None = None):
    conn = http.client.HTTPConnection(LOCALHOST, port, timeout=60)
    try:
        headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body)
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def memory_mib(pid: int) -> dict[str, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    return {
        key: int(re.search(rf"^{key}:\s+(\d+) kB", status, re.M).group(1)) / 1024
        for key in ("VmRSS", "VmHWM")
    }


def timed(action: Callable[[], object], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return seconds


def machine() -> str:
    meminfo = Path("/proc/meminfo").read_text()
    total_kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    return (
        f"{os.cpu_count()} cores, {total_kib / 1024**2:.0f} GiB, Python {platform.python_version()}"
    )


def load_average() -> str:
    """The 1-minute load average: other work on the machine shows in every timing."""
    return Path("/proc/loadavg").read_text().split()[0]
