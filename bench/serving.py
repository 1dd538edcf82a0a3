"""A real gunicorn on 127.0.0.1 and manage.py in a subprocess, for the benchmarks and tests.

The balances benchmark, the load script and the concurrency tests all serve a scratch
database this way. Import it as ``bench.serving``: the scripts in bench/ put the project
root on ``sys.path`` first, and pytest has it there already.
"""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALHOST = "127.0.0.1"


class ServingError(RuntimeError):
    """manage.py failed, or gunicorn did not start; the message carries their output."""


def production_environment(database: dict[str, str]) -> dict[str, str]:
    """Production settings on plain HTTP over loopback, on the database ``database`` names.

    No DJANGO_* variable or database of the calling shell leaks in: only ``database`` decides
    where the data is, and the caller adds what else its server needs.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"DATABASE_URL", "SQLITE_PATH"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="splitwise.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=LOCALHOST,
        DJANGO_SECURE_SSL_REDIRECT="0",  # no TLS on loopback
        **database,
    )
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    """Run ``manage.py ARGS`` with ``env``; its standard output, or ServingError with both."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise ServingError(
            f"manage.py {args[0]} failed (exit status {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def listening_socket() -> socket.socket:
    """A loopback socket already bound and listening, to hand to gunicorn.

    Binding it here, rather than telling gunicorn a free port number, leaves no moment in
    which another program could take the port and answer in our server's place.
    """
    sock = socket.socket()
    sock.bind((LOCALHOST, 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@dataclass
class Server:
    """A running gunicorn: where it listens, its master's pid, its environment and its log."""

    url: str
    port: int
    pid: int
    env: dict[str, str]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def worker_pids(self) -> list[int]:
        """The master's children, the workers, as they are now (Linux only)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text()
        return [int(pid) for pid in children.split()]


@contextmanager
def gunicorn(
    env: dict[str, str], log: Path, *, workers: int = 1, threads: int = 1, root: Path = ROOT
) -> Iterator[Server]:
    """Serve the project with gunicorn on a new loopback socket until the block ends.

    ``root`` is the checkout served (another one: a version to compare with). Yields once the
    server has answered an HTTP request; stops it however the block ends.
    """
    with listening_socket() as listener:
        port = listener.getsockname()[1]
        command = [
            *(sys.executable, "-m", "gunicorn", "splitwise.wsgi"),
            *("--workers", str(workers), "--threads", str(threads)),
            *("--bind", f"fd://{listener.fileno()}", "--graceful-timeout", "5"),
            # The project's settings for gunicorn (no Server banner), whatever the caller's cwd.
            *("--config", str(root / "gunicorn.conf.py")),
        ]
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                command,
                cwd=root,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                pass_fds=[listener.fileno()],
            )
    server = Server(f"http://{LOCALHOST}:{port}", port, process.pid, env, log)
    try:
        wait_until_up(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(server: Server, process: subprocess.Popen, timeout: float = 30) -> None:
    """Return once ``server`` answers HTTP at all; ServingError if it exits or stays silent.

    The socket accepts connections before any worker is ready, so only an answer tells.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServingError(f"gunicorn exited:\n{server.log_text()}")
        connection = http.client.HTTPConnection(LOCALHOST, server.port, timeout=timeout)
        try:
            connection.request("GET", "/api/", headers={"Accept": "application/json"})
            connection.getresponse().read()
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
        finally:
            connection.close()
    raise ServingError(f"gunicorn did not answer within {timeout} s:\n{server.log_text()}")
