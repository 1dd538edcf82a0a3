"""The server under load: production settings on loopback, on a scratch database."""

import secrets
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.serving import production_environment


def server_environment(database: dict[str, str]) -> dict[str, str]:
    """Production settings on loopback, with the register and token throttle out of the way."""
    return {**production_environment(database), "DJANGO_THROTTLE_AUTH": "10000/min"}


@contextmanager
def scratch_database(database_url: str | None, directory: Path) -> Iterator[dict[str, str]]:
    """Environment variables naming a new, empty database; a PostgreSQL one is dropped after."""
    if not database_url:
        yield {"SQLITE_PATH": str(directory / "load.sqlite3")}
        return
    import psycopg

    name = f"splitwise_load_{secrets.token_hex(4)}"
    server = urllib.parse.urlsplit(database_url)
    maintenance = server._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": server._replace(path=f"/{name}").geturl()}
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
