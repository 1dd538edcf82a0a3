"""Maintenance tests work on a flag of their own and start with the schema unchecked."""

import pytest

from splitwise.maintenance import current_store
from splitwise.maintenance.schema import guard


@pytest.fixture
def flag(settings, tmp_path):
    """A maintenance flag file of this test's own, read by the app as the real one would be."""
    settings.MAINTENANCE_STORE = f"file:{tmp_path / 'db.sqlite3.maintenance'}"
    return current_store()


@pytest.fixture(autouse=True)
def fresh_schema_check():
    """The guard remembers its answer per process: each test starts, and leaves, unchecked."""
    guard.forget()
    yield
    guard.forget()
