"""Requests/s, latency percentiles and errors, per operation and overall."""

import math
from dataclasses import dataclass

from bench.loadgen.workload import MIX, Outcome


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return math.nan
    return sorted_values[max(0, math.ceil(fraction * len(sorted_values)) - 1)]


def statuses(outcomes: list[Outcome]) -> dict[int, int]:
    """How many answers had each status (0: no answer)."""
    counts: dict[int, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return dict(sorted(counts.items()))


@dataclass
class Report:
    """Requests/s, latency percentiles and errors, per operation and overall."""

    outcomes: list[Outcome]
    seconds: float

    def rows(self) -> list[tuple[str, int, float, float, float, int]]:
        rows = []
        ops = [*MIX, *sorted({o.op for o in self.outcomes} - set(MIX)), "all"]
        for op in ops:
            chosen = [o for o in self.outcomes if op in (o.op, "all")]
            if not chosen:
                continue
            latencies = sorted(o.seconds * 1000 for o in chosen)
            errors = sum(1 for o in chosen if not 200 <= o.status < 300)
            rows.append(
                (
                    op,
                    len(chosen),
                    len(chosen) / self.seconds,
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.99),
                    errors,
                )
            )
        return rows

    def render(self) -> str:
        lines = [
            f"{'operation':<10} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} errors"
        ]
        for op, count, rate, p50, p99, errors in self.rows():
            lines.append(f"{op:<10} {count:>9} {rate:>8.1f} {p50:>8.1f} {p99:>8.1f} {errors:>6}")
        counts = statuses(self.outcomes)
        lines.append("statuses: " + ", ".join(f"{s}: {n}" for s, n in counts.items()))
        failures = [o for o in self.outcomes if o.error]
        for outcome in failures[:5]:
            lines.append(f"  {outcome.op} -> {outcome.status}: {outcome.error[:200]}")
        return "\n".join(lines)
