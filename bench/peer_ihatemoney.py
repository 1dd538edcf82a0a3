"""A peer on the same bills: IHateMoney from PyPI, in its own virtualenv, on 127.0.0.1.

``setup`` creates the virtualenv in the benchmark's temporary folder, installs ihatemoney and
gunicorn with pip, and serves it (one worker, as ours) on its own SQLite file; its schema is
made by its migrations on start. ``compare`` creates a project and 20 members through its API,
writes our group's live expenses straight into its tables (a bill per expense: the larger
payer pays, everyone who owes is an ower; a payment is a reimbursement), then times, in turns,
its `GET /api/projects/<id>/statistics` (every member's balance; a bearer token, so no
password hash per request) and our balances endpoint, both over HTTP on gunicorn.
IHateMoney splits a bill evenly between its owers, so the amounts differ from ours for other
splits; the rows it reads (bills and owers) are the same.
"""

import base64
import json
import secrets
import sqlite3
import statistics
import subprocess
import sys
import urllib.parse
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from bench.databases import server_env, timed
from bench.serving import LOCALHOST, Server, gunicorn, listening_socket, manage, wait_until_up

PASSWORD = "bench-password"
GOAL_RATIO = 1000

# Run inside `manage.py shell`: our group's live expenses, with their shares, as JSON lines.
DUMP = """
import json
from groups.models import Expense, Share
shares = {{}}
for expense_id, member_id, paid, owed in (
    Share.objects.live().filter(group_id={group_id}).order_by()
    .values_list("expense_id", "member_id", "paid", "owed").iterator(chunk_size=20000)
):
    shares.setdefault(expense_id, []).append((member_id, int(paid * 100), int(owed * 100)))
with open({path!r}, "w") as out:
    for pk, kind, day, amount in (
        Expense.objects.live().filter(group_id={group_id}).order_by("pk")
        .values_list("pk", "kind", "date", "amount").iterator(chunk_size=20000)
    ):
        out.write(json.dumps([kind, day.isoformat(), int(amount * 100), shares[pk]]) + "\\n")
"""


@dataclass
class Setup:
    folder: Path
    error: str = ""
    version: str = ""
    server: Server | None = None
    database: Path | None = None
    stack: ExitStack = field(default_factory=ExitStack)


def setup(folder: Path) -> Setup:
    """IHateMoney installed and serving, or the reason it is not."""
    result = Setup(folder / "ihatemoney")
    venv = result.folder / "venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run(
            [venv / "bin/pip", "install", "-q", "ihatemoney", "gunicorn"],
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        )
        result.version = subprocess.run(
            [
                venv / "bin/python",
                "-c",
                "import importlib.metadata as m; print(m.version('ihatemoney'))",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        result.database = result.folder / "ihatemoney.db"
        settings = result.folder / "ihatemoney.cfg"
        settings.write_text(
            f"SQLALCHEMY_DATABASE_URI = 'sqlite:///{result.database}'\n"
            f"SECRET_KEY = {secrets.token_urlsafe(32)!r}\nACTIVATE_DEMO_PROJECT = False\n"
            "SESSION_COOKIE_SECURE = False\nALLOW_PUBLIC_PROJECT_CREATION = True\n"
        )
        env = {"IHATEMONEY_SETTINGS_FILE_PATH": str(settings), "PATH": "/usr/bin:/bin"}
        result.server = result.stack.enter_context(_serve(venv, env, result.folder))
    except (subprocess.SubprocessError, OSError, RuntimeError) as error:
        detail = getattr(error, "stderr", "") or ""
        result.error = f"{type(error).__name__}: {error} {str(detail)[-500:]}".strip()
        result.stack.close()
    return result


def _serve(venv: Path, env: dict, folder: Path):
    from contextlib import contextmanager

    @contextmanager
    def served():
        with listening_socket() as listener:
            port = listener.getsockname()[1]
            log = folder / "gunicorn.log"
            process = subprocess.Popen(
                [
                    venv / "bin/gunicorn",
                    "--workers",
                    "1",
                    "--bind",
                    f"fd://{listener.fileno()}",
                    "ihatemoney.wsgi:application",
                ],
                cwd=folder,
                env=env,
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
                pass_fds=[listener.fileno()],
            )
        server = Server(f"http://{LOCALHOST}:{port}", port, process.pid, env, log)
        try:
            wait_until_up(server, process, timeout=60)
            yield server
        finally:
            process.terminate()
            process.wait(timeout=10)

    return served()


def teardown(peer: Setup) -> None:
    peer.stack.close()


def _call(peer: Setup, method: str, path: str, *, form=None, auth: str = "") -> tuple:
    import http.client

    conn = http.client.HTTPConnection(LOCALHOST, peer.server.port, timeout=600)
    headers = {"Authorization": auth} if auth else {}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _feed(peer: Setup, project: str, bills_file: Path) -> tuple[str, int]:
    """The project, its members and every bill; its bearer token and the number of bills."""
    status, body = _call(
        peer,
        "POST",
        "/api/projects",
        form={
            "name": project,
            "id": project,
            "password": PASSWORD,
            "contact_email": "bench@example.com",
            "default_currency": "XXX",
        },
    )
    if status != 201:
        raise RuntimeError(f"IHateMoney project creation answered {status}: {body[:300]!r}")
    basic = "Basic " + base64.b64encode(f"{project}:{PASSWORD}".encode()).decode()
    bills = [json.loads(line) for line in bills_file.read_text().splitlines()]
    ours = sorted({member for *_, shares in bills for member, _, _ in shares})
    theirs = {}
    for number, member in enumerate(ours):
        status, body = _call(
            peer,
            "POST",
            f"/api/projects/{project}/members",
            form={"name": f"Member {number}", "weight": "1"},
            auth=basic,
        )
        theirs[member] = int(body)
    status, body = _call(peer, "GET", f"/api/projects/{project}/token", auth=basic)
    token = json.loads(body)["token"]
    with sqlite3.connect(peer.database) as conn:
        (last,) = conn.execute("SELECT coalesce(max(id), 0) FROM bill").fetchone()
        rows, owers = [], []
        for number, (kind, day, cents, shares) in enumerate(bills, start=last + 1):
            payer = max(shares, key=lambda share: share[1])[0]
            bill_type = "REIMBURSEMENT" if kind == "payment" else "EXPENSE"
            rows.append(
                (
                    number,
                    theirs[payer],
                    cents / 100,
                    day,
                    day,
                    "Bench",
                    bill_type,
                    "XXX",
                    cents / 100,
                )
            )
            owers += [(number, theirs[member]) for member, _, owed in shares if owed]
        conn.executemany(
            "INSERT INTO bill (id, payer_id, amount, date, creation_date, what, bill_type, "
            "original_currency, converted_amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany("INSERT INTO billowers (bill_id, person_id) VALUES (?, ?)", owers)
    return token, len(bills)


def compare(peer: Setup, database, group_id: int, token: str, size: int, folder: Path) -> dict:
    """Medians of their balances and ours over HTTP, in turns, on the same bills."""
    if peer.error:
        return {"expenses": size, "error": peer.error}
    env = server_env(database)
    bills_file = folder / f"bills-{size}.jsonl"
    manage(env, "shell", "--no-imports", "-c", DUMP.format(group_id=group_id, path=str(bills_file)))
    project = f"bench{size}"
    bearer, bills = _feed(peer, project, bills_file)
    runs = 5 if size <= 10_000 else 3
    theirs, ours = [], []
    from bench.databases import request

    def get_theirs():
        status, body = _call(
            peer, "GET", f"/api/projects/{project}/statistics", auth=f"Bearer {bearer}"
        )
        if status != 200:
            raise RuntimeError(f"IHateMoney statistics answered {status}: {body[:300]!r}")

    def get_ours():
        status, body = request(port, "GET", f"/api/groups/{group_id}/balances/", token)
        if status != 200:
            raise RuntimeError(f"balances answered {status}: {body[:300]!r}")

    with gunicorn(env, folder / f"ours-{size}.log") as server:
        port = server.port
        get_theirs(), get_ours()  # warm-up
        for _ in range(runs):
            theirs += timed(get_theirs, 1)
            ours += timed(get_ours, 1)
    return {
        "expenses": size,
        "bills": bills,
        "runs": runs,
        "theirs_ms": statistics.median(theirs) * 1000,
        "ours_ms": statistics.median(ours) * 1000,
    }


def report(results: list[dict], peer: Setup) -> list[str]:
    if peer is None or peer.error:
        reason = peer.error if peer else "not run"
        return [f"IHateMoney could not be installed or started: {reason}"]
    lines = [
        f"IHateMoney {peer.version} (PyPI, gunicorn, 1 worker, SQLite): `GET /api/projects/"
        "<id>/statistics` and our balances endpoint, both over HTTP (gunicorn, 1 worker, a new "
        "connection a request), medians in turns; ours server-side is the in-process figure.",
        "",
        "| bills | IHateMoney (ms) | ours over HTTP (ms) | ratio | ours server-side (ms) | ratio |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['expenses']:,} | {r['error']} | | | | |")
            continue
        lines.append(
            f"| {r['bills']:,} | {r['theirs_ms']:,.0f} | {r['ours_ms']:.2f} "
            f"| {r['theirs_ms'] / r['ours_ms']:,.0f}x | {r['ours_server_ms']:.2f} "
            f"| {r['theirs_ms'] / r['ours_server_ms']:,.0f}x |"
        )
    if results and "theirs_ms" in results[-1]:
        r = results[-1]
        http = r["theirs_ms"] / r["ours_ms"]
        server = r["theirs_ms"] / r["ours_server_ms"]
        lines.append(
            f"\n- At {r['bills']:,} bills (goal >= {GOAL_RATIO:,}x): HTTP to HTTP {http:,.0f}x "
            f"{_verdict(http)}; against our server-side time {server:,.0f}x {_verdict(server)}."
        )
    return lines


def _verdict(ratio: float) -> str:
    return "**PASS**" if ratio >= GOAL_RATIO else "**FAIL**"
