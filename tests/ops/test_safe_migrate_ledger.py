"""safe_migrate over the ledger migrations (0003-0007): back to 0002 and forward keeping every
row of the tables that remain, categories restored exactly; the ledger's own tables go with the
migrations that made them, their rows counted and kept in the backup."""

import subprocess

import pytest

from tests.ops import scratch_db
from tests.ops.scratch_db import on_postgres

LEDGER_TABLES = ("exchange_rates", "expense_categories", "expense_comments")
TYPED = {1: "Dining out", 2: "Bowling night", 4: "food"}
CATEGORIES = "SELECT id, category FROM expenses ORDER BY id"
RATE = (
    "INSERT INTO exchange_rates (group_id, currency, date, rate) "
    "VALUES (1, 'USD', '2026-01-01', 9200000000)"
)
COMMENT = (
    "INSERT INTO expense_comments (expense_id, group_id, author_id, text, created_at) "
    "VALUES (1, 1, 1, 'Nice', '2026-01-01 12:00:00')"
)


def rows_of_every_table(db_file) -> dict[str, list[tuple]]:
    tables = [
        name
        for (name,) in scratch_db.query(
            db_file, "SELECT name FROM sqlite_master WHERE type='table'"
        )
        if name not in ("django_migrations", "sqlite_sequence")
    ]
    return {t: scratch_db.query(db_file, f'SELECT * FROM "{t}" ORDER BY rowid') for t in tables}


def execute(db_file, *statements: str) -> None:
    import sqlite3

    conn = sqlite3.connect(db_file)
    try:
        with conn:
            for statement in statements:
                conn.execute(statement)
    finally:
        conn.close()


@pytest.fixture
def at_0002_with_typed_categories(db_file):
    """The seeded database at 0002, its expenses' categories typed as free text."""
    result = scratch_db.manage(db_file, "migrate", "groups", "0002", "--noinput")
    assert result.returncode == 0, result.stderr
    execute(
        db_file,
        *(f"UPDATE expenses SET category = '{text}' WHERE id = {pk}" for pk, text in TYPED.items()),
    )
    return db_file


def test_forward_back_to_0002_and_0001_keep_every_row(at_0002_with_typed_categories):
    db_file = at_0002_with_typed_categories
    at_0002 = rows_of_every_table(db_file)

    forward = scratch_db.manage(db_file, "safe_migrate", "--noinput")

    assert forward.returncode == 0, forward.stderr
    added = next(line for line in forward.stdout.splitlines() if "Tables added:" in line)
    assert all(table in added for table in LEDGER_TABLES)
    assert dict(scratch_db.query(db_file, CATEGORIES)) == {
        1: "restaurants",
        2: "",
        3: "",
        4: "food",
    }
    assert scratch_db.query(db_file, "SELECT notes FROM expenses WHERE id = 2") == [
        ("Bowling night",)
    ]

    back = scratch_db.manage(db_file, "safe_migrate", "groups", "0002", "--noinput")

    assert back.returncode == 0, back.stderr
    assert "Unapplying groups.0006_category_slugs... OK" in back.stdout
    removed = next(line for line in back.stdout.splitlines() if "Tables removed:" in line)
    assert all(table in removed for table in LEDGER_TABLES)
    assert rows_of_every_table(db_file) == at_0002  # categories as typed, to the letter

    further = scratch_db.manage(db_file, "safe_migrate", "groups", "0001", "--noinput")

    assert further.returncode == 0, further.stderr
    assert "Unapplying groups.0002_member_management... OK" in further.stdout
    columns = [row[1] for row in scratch_db.query(db_file, "PRAGMA table_info(group_members)")]
    assert "managed_by_id" not in columns
    assert rows_of_every_table(db_file)["expenses"] == at_0002["expenses"]

    again = scratch_db.manage(db_file, "safe_migrate", "--noinput")

    assert again.returncode == 0, again.stderr
    assert dict(scratch_db.query(db_file, CATEGORIES))[1] == "restaurants"
    assert scratch_db.integrity(db_file) == "ok"


def test_rolling_back_takes_the_ledger_tables_with_their_rows_into_the_backup(db_file):
    execute(db_file, RATE, COMMENT)
    before = rows_of_every_table(db_file)

    dry = scratch_db.manage(db_file, "safe_migrate", "groups", "0002", "--dry-run")
    back = scratch_db.manage(db_file, "safe_migrate", "groups", "0002", "--noinput")

    for result in (dry, back):
        assert result.returncode == 0, result.stderr
        assert "This rollback removes tables that the migrations it unapplies created:" in (
            result.stdout
        )
        assert "exchange_rates (1 row)" in result.stdout
        assert "expense_comments (1 row)" in result.stdout
    after = rows_of_every_table(db_file)
    assert not set(LEDGER_TABLES) & set(after)
    # Every table that remains keeps every row (expenses and members lose only their new
    # columns: the rates and notes, the maintained totals).
    for table in set(after) - {"expenses", "expense_shares", "group_members"}:
        assert after[table] == before[table], table
    assert [row[:-2] for row in before["group_members"]] == after["group_members"]
    assert len(after["expenses"]) == len(before["expenses"])
    assert len(after["expense_shares"]) == len(before["expense_shares"])
    [backup, *_] = [b for b in scratch_db.backups_next_to(db_file) if "dry" not in b.name][-1:]
    assert scratch_db.query(backup, "SELECT text FROM expense_comments") == [("Nice",)]
    assert "(the removed values are kept there)" in back.stdout


def test_a_forward_migration_that_drops_a_table_with_rows_is_still_refused():
    from ops import schema

    assert schema.lost_rows({"comments": 3}, {}) == [
        "comments: 3 rows before, and the table is gone"
    ]
    assert schema.lost_rows({"comments": 3}, {}, may_drop=frozenset({"comments"})) == []
    assert schema.lost_rows({"comments": 3}, {"comments": 2}, may_drop=frozenset({"comments"}))


@on_postgres
def test_postgres_rollback_to_0002_takes_the_ledger_tables(postgres_scratch, tmp_path):
    url = postgres_scratch()
    seed = scratch_db.python(url, scratch_db.SEED, stderr=subprocess.PIPE)
    assert seed.wait(timeout=120) == 0, seed.stderr.read()
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute(RATE.replace("VALUES (1,", "VALUES ((SELECT min(id) FROM expense_groups),"))
    counts = scratch_db.postgres_counts(url)

    back = scratch_db.manage(
        url, "safe_migrate", "groups", "0002", "--noinput", "-o", str(tmp_path / "b.dump")
    )

    assert back.returncode == 0, back.stderr
    assert "exchange_rates (1 row)" in back.stdout
    after = scratch_db.postgres_counts(url)
    dropped = set(counts) - set(after)
    assert set(LEDGER_TABLES) <= dropped
    kept = {t: n for t, n in counts.items() if t not in dropped and t != "django_migrations"}
    assert {t: n for t, n in after.items() if t in kept} == kept
