"""An idle development server (``runserver``, which closes its connection after each request)
and a restore to a backup of an older schema: it answers 503 naming the command, never 500."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests import processes
from tests.ops import scratch_db

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def dev_server(db_file):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=processes.ROOT,
        env=scratch_db.environment(db_file),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            get(f"{url}/api/")
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"runserver did not start: {server.stderr.read()}")
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


def test_a_restore_to_an_older_schema_under_an_idle_dev_server(db_file, tmp_path, dev_server):
    older = scratch_db.copy_database(db_file, tmp_path / "older.sqlite3")
    rolled_back = scratch_db.manage(older, "safe_migrate", "groups", "0001", "--noinput")
    assert rolled_back.returncode == 0, rolled_back.stderr
    assert get(f"{dev_server}/api/groups/")[0] == 401  # serving, then idle

    restored = scratch_db.manage(db_file, "restore_db", str(older), "--noinput")
    status, body = get(f"{dev_server}/api/groups/")
    page_status, page = get(f"{dev_server}/accounts/login/")

    assert restored.returncode == 0, restored.stderr
    assert status == 503
    assert "python manage.py safe_migrate" in body
    assert page_status == 503 and "safe_migrate" in page

    forward = scratch_db.manage(db_file, "safe_migrate", "--noinput")
    time.sleep(1)  # a process rechecks a mismatched schema once a second
    assert forward.returncode == 0, forward.stderr
    assert get(f"{dev_server}/api/groups/")[0] == 401
