"""Plain-text reports for the operations commands: tables of row counts, sizes, summaries."""

from pathlib import Path

from ops.backups import Backup
from ops.schema import Changes


def table(headers: tuple[str, ...], rows: list[tuple]) -> list[str]:
    """Rows as aligned text columns: the first left-aligned, the others right-aligned."""
    cells = [headers, *[tuple(_cell(value) for value in row) for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    return [
        "  ".join(
            value.ljust(width) if i == 0 else value.rjust(width)
            for i, (value, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in cells
    ]


def counts_table(*columns: tuple[str, dict[str, int | None]]) -> list[str]:
    """One row per table, one column of row counts per (heading, counts) given."""
    tables = sorted({table for _, counts in columns for table in counts})
    headers = ("Table", *(heading for heading, _ in columns))
    return table(headers, [(name, *(counts.get(name) for _, counts in columns)) for name in tables])


def size(n_bytes: int) -> str:
    """A byte count for people: 512 B, 3.4 MB."""
    value = float(n_bytes)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def totals(counts: dict[str, int]) -> str:
    """``14 tables, 1,234 rows``."""
    return f"{len(counts)} tables, {sum(counts.values()):,} rows"


def backup_lines(backup: Backup, *, with_counts: bool = True) -> list[str]:
    """What backup_db and safe_migrate say about a verified backup."""
    lines = [
        f"Backup: {backup.path} ({size(backup.size)} in {backup.seconds:.2f} s)",
        f"Verified: {totals(backup.counts)}, the same as the database at the moment of the copy"
        + ("; integrity_check: ok." if backup.path.suffix != ".dump" else "."),
    ]
    if with_counts:
        lines[1:1] = counts_table(("Rows", backup.counts))
    return lines


def dropped_lines(tables: frozenset[str], counts: dict[str, int]) -> list[str]:
    """What a rollback will take away with the tables its migrations created, if anything."""
    holding = {table: counts[table] for table in sorted(tables) if counts.get(table)}
    if not holding:
        return []
    rows = ", ".join(f"{table} ({_rows(n)})" for table, n in holding.items())
    return [
        f"This rollback removes tables that the migrations it unapplies created: {rows}. "
        "Their rows stay in the backup it takes first."
    ]


def summary(
    changes: Changes,
    *,
    removed_values: dict[str, int],
    seconds: tuple[float, float],
    backup: Path | None,
    dropped_rows: dict[str, int] | None = None,
) -> list[str]:
    """safe_migrate's closing summary: what changed, how long it took, where the backup is."""
    added = [f"{t}.{c}" for t, columns in changes.added_columns.items() for c in columns]
    removed = []
    for t, columns in changes.removed_columns.items():
        for c in columns:
            values = removed_values.get(f"{t}.{c}")
            removed.append(
                f"{t}.{c}"
                + ("" if values is None else f" ({values:,} value{'' if values == 1 else 's'})")
            )
    lines = ["Summary:"]
    for label, items in (
        ("Columns added", added),
        ("Columns removed", removed),
        ("Tables added", changes.added_tables),
        ("Tables removed", _tables_with_rows(changes.removed_tables, dropped_rows or {})),
    ):
        lines.append(f"  {label + ':':17}{', '.join(items) or 'none'}")
    migrate, total = seconds
    lines.append(f"  {'Time:':17}{migrate:.2f} s to migrate and verify, {total:.2f} s in all")
    if backup:
        kept = " (the removed values are kept there)" if removed or dropped_rows else ""
        lines.append(f"  {'Backup:':17}{backup}{kept}")
    return lines


def _tables_with_rows(tables: list[str], rows: dict[str, int]) -> list[str]:
    return [table + (f" ({_rows(rows[table])})" if table in rows else "") for table in tables]


def _rows(count: int) -> str:
    return f"{count:,} row{'' if count == 1 else 's'}"


def _cell(value) -> str:
    if value is None:
        return "-"
    return f"{value:,}" if isinstance(value, int) else str(value)
