"""What the members' maintained totals cost a write: expense creation before and after them.

"Before" is the parent of the commit that added groups/services/totals.py, checked out with
``git worktree add --detach`` in a temporary folder and served by its own gunicorn on a copy
of the same seeded database, rolled back to that code's last migration (it refuses to serve a
database with migrations it does not know). "After" is this checkout on the original. One
client POSTs to both in interleaved batches, alternating which goes first, so load on the
machine weighs on both.

The verdict is on the median of the rounds' ratios (after ÷ before, each round's medians):
load that comes and goes during the run moves both sides of a round together, so the ratios
spread far less than the times do. Their 10th and 90th percentiles are printed beside it.
"""

import random
import statistics
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.databases import request, server_env, timed
from bench.serving import ROOT, gunicorn, manage

TOTALS_MODULE = "groups/services/totals.py"
GOAL_REGRESSION = 0.10
LAST_MIGRATION_BEFORE = "0007"


@dataclass
class WriteCost:
    before_commit: str
    before_ms: float
    after_ms: float
    requests: int  # per side
    ratios: list[float]  # each round's after ÷ before, of its medians

    @property
    def regression(self) -> float:
        return statistics.median(self.ratios) - 1

    @property
    def spread(self) -> tuple[float, float]:
        """The 10th and 90th percentiles of the rounds' regressions."""
        if len(self.ratios) < 2:
            return self.regression, self.regression
        deciles = statistics.quantiles(self.ratios, n=10)
        return deciles[0] - 1, deciles[-1] - 1


def before_commit() -> str:
    """The parent of the commit that added the maintained totals."""
    added = subprocess.run(
        ["git", "log", "--diff-filter=A", "--format=%H", "--", TOTALS_MODULE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if not added:
        raise RuntimeError(f"No commit adds {TOTALS_MODULE}")
    return f"{added[-1]}^"


@contextmanager
def checkout(commit: str, folder: Path):
    """A detached worktree of ``commit`` in ``folder``, removed afterwards."""
    git = ["git", "-C", str(ROOT), "worktree"]
    subprocess.run([*git, "add", "--detach", str(folder), commit], check=True, capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run([*git, "remove", "--force", str(folder)], check=False, capture_output=True)


def expense_bodies(member_ids: list[int], count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    return [
        {
            "description": "Bench dinner",
            "amount": f"{rng.randint(100, 20_000) / 100:.2f}",
            "paid_by": rng.choice(member_ids),
            "split": "equal",
            "participants": [{"member": m} for m in rng.sample(member_ids, rng.randint(2, 6))],
        }
        for _ in range(count)
    ]


def measure(
    database,
    group_id: int,
    token: str,
    member_ids: list[int],
    folder: Path,
    *,
    batches: int,
    batch: int,
) -> WriteCost:
    """Median milliseconds of one expense creation over HTTP, before and after."""
    commit = before_commit()
    resolved = subprocess.run(
        ["git", "rev-parse", "--short", commit], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    copy = database.copy("before")
    manage(server_env(copy), "migrate", "groups", LAST_MIGRATION_BEFORE, "--noinput")
    copy.after_seed()
    path = f"/api/groups/{group_id}/expenses/"
    try:
        with (
            checkout(commit, folder / "before") as old_root,
            gunicorn(server_env(copy), folder / "before.log", root=old_root) as old,
            gunicorn(server_env(database), folder / "after.log") as new,
        ):
            seconds = {"before": [], "after": []}
            ratios = []
            servers = {"before": old.port, "after": new.port}
            for number in range(batches + 1):
                bodies = expense_bodies(member_ids, batch, seed=number)
                order = ("before", "after") if number % 2 else ("after", "before")
                round_seconds = {}
                for side in order:
                    port = servers[side]
                    round_seconds[side] = [
                        timed(lambda p=port, b=body: _post(p, path, token, b), 1)[0]
                        for body in bodies
                    ]
                if number:  # the first batch warms both servers up
                    for side, took in round_seconds.items():
                        seconds[side] += took
                    ratios.append(
                        statistics.median(round_seconds["after"])
                        / statistics.median(round_seconds["before"])
                    )
    finally:
        copy.drop()
    return WriteCost(
        before_commit=resolved,
        before_ms=statistics.median(seconds["before"]) * 1000,
        after_ms=statistics.median(seconds["after"]) * 1000,
        requests=len(seconds["after"]),
        ratios=ratios,
    )


def _post(port: int, path: str, token: str, body: dict) -> None:
    status, answer = request(port, "POST", path, token, body)
    if status != 201:
        raise SystemExit(f"POST expense answered {status}: {answer[:500]!r}")


def report(cost: WriteCost) -> list[str]:
    verdict = "PASS" if cost.regression <= GOAL_REGRESSION else "FAIL"
    low, high = cost.spread
    return [
        "| expense creation over HTTP | median (ms) |",
        "| --- | ---: |",
        f"| before the totals ({cost.before_commit}) | {cost.before_ms:.1f} |",
        f"| after (this checkout) | {cost.after_ms:.1f} |",
        "",
        f"- {cost.requests} POSTs a side in {len(cost.ratios)} interleaved rounds; regression "
        f"(median of the rounds' after ÷ before) {cost.regression:+.1%}, 10th-90th percentile "
        f"{low:+.1%} to {high:+.1%} (goal <= +{GOAL_REGRESSION:.0%}): **{verdict}**.",
    ]
