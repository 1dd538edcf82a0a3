"""PostgreSQL backups: ``pg_dump --format=custom`` of the application's schema, checked with
``pg_restore --list`` (restored by ``postgres_restore``)."""

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


def current_schema(connection) -> str:
    """The schema the application's tables live in (``public`` unless configured)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        return cursor.fetchone()[0]


def dump(
    settings: dict, output: Path, *, schema: str, snapshot: str | None, lock_timeout: float
) -> None:
    """Write the application's schema as a custom-format archive, from ``snapshot`` if given.

    Only that schema: the maintenance flag's own schema must not travel with the data.
    """
    args, client_env = client_args(settings)
    command = [
        require_tool("pg_dump"),
        "--format=custom",
        f"--schema={schema}",
        f"--file={output}",
        f"--lock-wait-timeout={int(lock_timeout * 1000)}",
        *args,
    ]
    if snapshot:
        command.append(f"--snapshot={snapshot}")
    _run(command, client_env, "pg_dump")


def archived_tables(path: Path, schema: str | None = None) -> set[str]:
    """The tables whose data the archive holds (in ``schema``, if given); refuses a file
    pg_restore cannot read."""
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
        if match is not None and schema in (None, match["schema"])
    }


def environment(client_env: dict) -> dict[str, str]:
    """This process's environment with what points a client program at the database."""
    return {**os.environ, **client_env}


def _run(command: list[str], client_env: dict, name: str) -> None:
    env = environment(client_env)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise OperationError(f"{name} failed: {result.stderr.strip() or result.returncode}")
