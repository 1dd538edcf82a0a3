"""A database whose migrations do not match the code answers 503 naming the command to run,
never 500: checked once per process, and again when the database reports a missing column."""

import time

import pytest
from django.core.management import call_command
from django.db import OperationalError, ProgrammingError, connection
from django.test import Client

from splitwise.maintenance import errors, schema
from splitwise.maintenance.schema import guard
from tests.ops.scratch_db import latest_migration

pytestmark = pytest.mark.django_db

MIGRATIONS = "django_migrations"


def test_a_fully_migrated_database_matches():
    assert schema.check(connection) is None


def test_missing_migrations_answer_503_naming_safe_migrate(api):
    latest = latest_migration()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MIGRATIONS} WHERE app = 'groups' AND name = %s", [latest])

    response = api.get("/api/groups/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(schema.RETRY_AFTER)
    assert "run `python manage.py safe_migrate`" in response.json()["detail"]
    assert guard.problem().migrations == (f"groups.{latest}",)


def test_unknown_migrations_answer_503_naming_the_rollback(api):
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MIGRATIONS} (app, name, applied) VALUES ('groups', '0099_future', %s)",
            ["2026-12-01 00:00:00+00:00"],
        )

    response = Client().get("/accounts/login/")

    assert response.status_code == 503
    rollback = f"python manage.py safe_migrate groups {latest_migration()[:4]}"
    assert rollback.encode() in response.content
    assert guard.problem().kind == "ahead"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_rollback_under_a_running_process_is_noticed_by_the_missing_column(api, group, ann, kid):
    members = f"/api/groups/{group.pk}/members/"
    assert api.get(members).status_code == 200  # checked once: the schema matches
    call_command("migrate", "groups", "0001", verbosity=0)  # behind the process's back
    try:
        # The guard still remembers a match; the query for managed_by_* fails instead.
        response = api.get(members)
        page = Client().get("/admin/login/")
    finally:
        call_command("migrate", verbosity=0)

    assert response.status_code == 503
    assert "safe_migrate" in response.json()["detail"]
    assert page.status_code in (200, 503)  # the login page reads no member
    time.sleep(schema.RECHECK_SECONDS)  # while it does not match, checked once a second
    assert api.get(members).status_code == 200


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (OperationalError("no such column: group_members.managed_by_type"), errors.SCHEMA),
        (OperationalError("table group_members has no column named managed_by_id"), errors.SCHEMA),
        (ProgrammingError('relation "expenses" does not exist'), None),  # only by its SQLSTATE
        (OperationalError("database is locked"), errors.BUSY),
        (OperationalError("disk I/O error"), None),
        (ValueError("no such column"), None),
    ],
)
def test_which_database_errors_mean_the_database_is_changing(error, kind):
    assert errors.classify(error) == kind
