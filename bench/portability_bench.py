"""Benchmark export and import at 1k and 100k expenses, on SQLite and PostgreSQL.

For each size: a fresh database (an SQLite file in a temporary folder, or a scratch
PostgreSQL database next to the one DATABASE_URL names, dropped afterwards), migrate and
seed_bench in subprocesses, then

- the export over HTTP from a real gunicorn worker (a fresh one per size), JSON and CSV:
  time to the last byte, size, and the worker's resident memory before and at its peak
  (VmHWM), so 1k and 100k can be compared: the export streams, memory stays flat;
- the import of that JSON file (one expense per line) with ``manage.py import_group``, timed
  around the whole command (Python start-up and Django set-up included);
- beside each time, the CPU time of the process that did the work (the gunicorn worker, the
  import command): on a machine shared with other work, the wall-clock time also measures
  the others, the CPU time does not;
- a check that the imported group has the same balances as the original, member by member.

    .venv/bin/python bench/portability_bench.py [--sizes 1000,100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/portability_bench.py
"""

import argparse
import http.client
import json
import os
import platform
import re
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import (  # noqa: E402
    PostgresDatabase,
    SQLiteDatabase,
    memory_mib,
    server_env,
)
from bench.serving import LOCALHOST, gunicorn, manage  # noqa: E402

EXPORT_TARGET_S, IMPORT_TARGET_S = 10.0, 30.0

# Run inside `manage.py shell`: every member's balance by name, in two groups.
BALANCES = """
import json
from groups.models import GroupMember
from groups.selectors.balances import member_balances
result = []
for group_id in ({original}, {imported}):
    balances = member_balances(group_id)
    result.append({{m.name: str(balances.get(m.pk, 0))
                    for m in GroupMember.objects.filter(group_id=group_id)}})
print(json.dumps(result))
"""


@dataclass
class Download:
    seconds: float
    cpu_s: float  # the worker's own CPU time for the download
    megabytes: float
    rss_before_mib: float
    peak_mib: float


@dataclass
class SizeResult:
    expenses: int
    shares: int
    json: Download
    csv: Download
    import_s: float
    import_cpu_s: float
    same_balances: bool


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process ``pid`` so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def download(port: int, path: str, token: str, destination: Path) -> tuple[float, int]:
    """GET ``path`` into ``destination`` in 64 KiB reads; seconds to the last byte, bytes."""
    conn = http.client.HTTPConnection(LOCALHOST, port, timeout=300)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": f"Token {token}"})
    response = conn.getresponse()
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}: {response.read()[:500]!r}")
    size = 0
    with destination.open("wb") as out:
        while chunk := response.read(65536):
            out.write(chunk)
            size += len(chunk)
    seconds = time.perf_counter() - started
    conn.close()
    return seconds, size


def bench_size(database, size: int, members: int, folder: Path) -> SizeResult:
    # gunicorn's sync worker is killed when one request outlasts --timeout (30 s by
    # default): an export on a busy machine may, so the server here waits longer.
    env = {**server_env(database), "GUNICORN_CMD_ARGS": "--timeout 300"}
    manage(env, "migrate", "--noinput")
    seeded = manage(
        env, "seed_bench", "--members", str(members), "--expenses", str(size), "--seed", "1"
    )
    values = dict(re.findall(r"^(\w+)=(\S+)$", seeded, re.M))
    group_id, token = int(values["group_id"]), values["token"]
    shares = int(re.search(r"(\d+) shares in", seeded).group(1))
    database.after_seed()
    files, downloads = {}, {}
    for format in ("json", "csv"):
        # A fresh worker for each download, so its peak memory is this download's.
        with gunicorn(env, folder / f"gunicorn-{size}-{format}.log", workers=1) as server:
            (worker,) = server.worker_pids()
            conn = http.client.HTTPConnection(LOCALHOST, server.port, timeout=60)
            conn.request(
                "GET", f"/api/groups/{group_id}/", headers={"Authorization": f"Token {token}"}
            )
            conn.getresponse().read()
            conn.close()
            before, cpu_before = memory_mib(worker)["VmRSS"], cpu_seconds(worker)
            files[format] = folder / f"export-{size}.{format}"
            path = f"/api/groups/{group_id}/export/?format={format}"
            seconds, length = download(server.port, path, token, files[format])
            downloads[format] = Download(
                seconds,
                cpu_seconds(worker) - cpu_before,
                length / 1024 / 1024,
                before,
                memory_mib(worker)["VmHWM"],
            )
    started, cpu_before = time.perf_counter(), children_cpu()
    output = manage(
        env, "import_group", str(files["json"]), "--format", "splitwise-group",
        "--owner", values["username"], "--name", "Imported",
    )  # fmt: skip
    import_s, import_cpu_s = time.perf_counter() - started, children_cpu() - cpu_before
    imported = int(re.search(r"\(id (\d+),", output).group(1))
    original_balances, imported_balances = json.loads(
        manage(env, "shell", "--no-imports", "-c", BALANCES.format(original=group_id,
               imported=imported)).strip().splitlines()[-1]
    )  # fmt: skip
    return SizeResult(
        size,
        shares,
        downloads["json"],
        downloads["csv"],
        import_s,
        import_cpu_s,
        original_balances == imported_balances,
    )


def report(vendor_version: str, results: list[SizeResult]) -> None:
    print(f"\n**{vendor_version}**\n")
    print(
        "| expenses | shares | JSON export: s (CPU s) | MB | worker RSS before / peak (MiB) "
        "| CSV export: s (CPU s) | MB | worker RSS before / peak (MiB) "
        "| import of the JSON: s (CPU s) | same balances |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |")
    for r in results:
        print(
            f"| {r.expenses:,} | {r.shares:,} | {r.json.seconds:.1f} ({r.json.cpu_s:.1f}) "
            f"| {r.json.megabytes:.1f} | {r.json.rss_before_mib:.0f} / {r.json.peak_mib:.0f} "
            f"| {r.csv.seconds:.1f} ({r.csv.cpu_s:.1f}) | {r.csv.megabytes:.1f} "
            f"| {r.csv.rss_before_mib:.0f} / {r.csv.peak_mib:.0f} "
            f"| {r.import_s:.1f} ({r.import_cpu_s:.1f}) | {'yes' if r.same_balances else 'NO'} |"
        )
    largest = results[-1]
    print(
        f"\nAt {largest.expenses:,} expenses: JSON export {largest.json.seconds:.1f} s "
        f"(target < {EXPORT_TARGET_S:.0f} s), import {largest.import_s:.1f} s "
        f"(target < {IMPORT_TARGET_S:.0f} s); worker peak {results[0].json.peak_mib:.0f} MiB "
        f"at {results[0].expenses:,} against {largest.json.peak_mib:.0f} MiB."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--members", type=int, default=20)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    admin_url = os.environ.get("DATABASE_URL")
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the start"
    )
    results, version = [], None
    with tempfile.TemporaryDirectory(prefix="portability-bench-") as scratch:
        folder = Path(scratch)
        for size in sizes:
            database = (
                PostgresDatabase(admin_url, size) if admin_url else SQLiteDatabase(folder, size)
            )
            try:
                version = database.version()
                results.append(bench_size(database, size, args.members, folder))
                print(f"  {size:,} expenses done", file=sys.stderr)
            finally:
                database.drop()
    report(version, results)
    print(f"Load average {os.getloadavg()[0]:.1f} at the end.")


if __name__ == "__main__":
    main()
