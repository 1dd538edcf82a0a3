"""Commands run in subprocesses on scratch databases, as the operations tests do."""

import pytest

from tests.ops import scratch_db


@pytest.fixture
def postgres_scratch():
    """Makes empty PostgreSQL databases on the DATABASE_URL server; drops them afterwards."""
    make, drop = scratch_db.postgres_database_maker()
    yield make
    drop()
