"""safe_migrate over the ledger migrations (0003-0006): back to 0002 and forward keeping every
row, categories restored exactly; and a refusal while the ledger's own tables hold rows."""

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
    assert "Tables added:    exchange_rates, expense_categories, expense_comments" in (
        forward.stdout
    )
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
    assert "Tables removed:  exchange_rates, expense_categories, expense_comments" in back.stdout
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


def test_rolling_back_over_ledger_rows_is_refused_and_changes_nothing(db_file):
    execute(db_file, RATE, COMMENT)
    before = scratch_db.dump(db_file)

    result = scratch_db.manage(db_file, "safe_migrate", "groups", "0002", "--noinput")

    assert result.returncode == 1
    assert "exchange_rates: 1 rows before, and the table is gone" in result.stderr
    assert "expense_comments: 1 rows before, and the table is gone" in result.stderr
    assert "Rolled back: the database is exactly as it was before" in result.stderr
    assert scratch_db.dump(db_file) == before

    # Once an operator has removed them (they stay in the backup safe_migrate takes, and in
    # any made with backup_db), the rollback goes through.
    execute(db_file, "DELETE FROM expense_comments", "DELETE FROM exchange_rates")
    retried = scratch_db.manage(db_file, "safe_migrate", "groups", "0002", "--noinput")
    assert retried.returncode == 0, retried.stderr


@on_postgres
def test_postgres_rollback_to_0002_and_the_refusal(postgres_scratch, tmp_path):
    url = postgres_scratch()
    seed = scratch_db.python(url, scratch_db.SEED, stderr=subprocess.PIPE)
    assert seed.wait(timeout=120) == 0, seed.stderr.read()
    counts = scratch_db.postgres_counts(url)
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute(RATE.replace("VALUES (1,", "VALUES ((SELECT min(id) FROM expense_groups),"))

    refused = scratch_db.manage(
        url, "safe_migrate", "groups", "0002", "--noinput", "-o", str(tmp_path / "r.dump")
    )

    assert refused.returncode == 1
    assert "exchange_rates: 1 rows before, and the table is gone" in refused.stderr
    assert scratch_db.postgres_counts(url) == {**counts, "exchange_rates": 1}

    with psycopg.connect(url) as conn:
        conn.execute("DELETE FROM exchange_rates")
    back = scratch_db.manage(
        url, "safe_migrate", "groups", "0002", "--noinput", "-o", str(tmp_path / "b.dump")
    )

    assert back.returncode == 0, back.stderr
    after = scratch_db.postgres_counts(url)
    kept = {t: n for t, n in counts.items() if t not in (*LEDGER_TABLES, "django_migrations")}
    assert {t: n for t, n in after.items() if t in kept} == kept
    assert not set(LEDGER_TABLES) & set(after)
