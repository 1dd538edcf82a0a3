"""The operations commands work on whole database files: each test gets its own copy."""

import pytest

from tests.ops import scratch_db


@pytest.fixture
def db_file(tmp_path):
    """A migrated, seeded SQLite file of this test's own (copied from one made per run)."""
    return scratch_db.copy_database(scratch_db.seeded_template(), tmp_path / "db.sqlite3")


@pytest.fixture
def postgres_scratch():
    """Makes empty PostgreSQL databases on the DATABASE_URL server; drops them afterwards."""
    make, drop = scratch_db.postgres_database_maker()
    yield make
    drop()
