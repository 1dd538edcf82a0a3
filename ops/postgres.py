"""PostgreSQL backups: ``pg_dump --format=custom``, checked and restored with ``pg_restore``."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from ops import OperationError

# One line of `pg_restore --list`: "3345; 0 16390 TABLE DATA public group_members postgres".
TABLE_DATA = re.compile(r"^\d+; \d+ \d+ TABLE DATA (?P<schema>\S+) (?P<table>\S+) ")


def require_tool(name: str, path: str | None = None) -> str:
    """The full path of the PostgreSQL client program ``name``, or a clear error."""
    found = shutil.which(name, path=path)
    if found is None:
        raise OperationError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools of the "
            "server's major version (e.g. apt-get install postgresql-client) and run this "
            "again. Nothing was changed."
        )
    return found


def client_args(settings: dict) -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment that point a client program at a database."""
    args = ["--no-password", f"--dbname={settings['NAME']}"]
    if settings.get("HOST"):
        args.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        args.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        args.append(f"--username={settings['USER']}")
    env = {}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    if settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings["OPTIONS"]["sslmode"]
    return args, env


def dump(settings: dict, output: Path, *, snapshot: str | None, lock_timeout: float) -> None:
    """Write the database as a custom-format archive, from ``snapshot`` when given."""
    args, client_env = client_args(settings)
    command = [
        require_tool("pg_dump"),
        "--format=custom",
        f"--file={output}",
        f"--lock-wait-timeout={int(lock_timeout * 1000)}",
        *args,
    ]
    if snapshot:
        command.append(f"--snapshot={snapshot}")
    _run(command, client_env, "pg_dump")


def archived_tables(path: Path) -> set[str]:
    """The tables whose data the archive holds; refuses a file pg_restore cannot read."""
    if not path.is_file():
        raise OperationError(f"There is no file {path}.")
    command = [require_tool("pg_restore"), "--list", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise OperationError(
            f"{path} is not a pg_dump custom-format backup: {result.stderr.strip()}"
        )
    return {
        match["table"]
        for match in map(TABLE_DATA.match, result.stdout.splitlines())
        if match is not None
    }


def restore(settings: dict, path: Path, *, lock_timeout: float) -> None:
    """Replace what the archive holds, in one transaction: all of it or nothing.

    Sessions still using the tables hold locks that DROP TABLE waits for; the lock timeout
    makes that a clear failure (rolled back) instead of a hang.
    """
    args, client_env = client_args(settings)
    client_env["PGOPTIONS"] = f"-c lock_timeout={int(lock_timeout * 1000)}"
    command = [
        require_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        *args,
        str(path),
    ]
    _run(command, client_env, "pg_restore")


def _run(command: list[str], client_env: dict, name: str) -> None:
    env = {**os.environ, **client_env}
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise OperationError(f"{name} failed: {result.stderr.strip() or result.returncode}")
