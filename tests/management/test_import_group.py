"""python manage.py import_group: the same import from the shell."""

import io

import pytest
from django.core.management import CommandError, call_command

from groups.models import Group
from tests.interchange.conftest import SAMPLES

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_imports_a_file_for_its_owner(user):
    out = io.StringIO()

    call_command(
        "import_group", SAMPLES / "sample.spliit.json", "--format", "spliit-json",
        "--owner", "ann", stdout=out,
    )  # fmt: skip

    group = Group.objects.get()
    assert group.name == "Flat trip"
    assert group.members.get(user=user).role == "admin"
    assert f"Imported 'Flat trip' (id {group.pk}, EUR) with 4 members, 5 expenses, 1 payments." in (
        out.getvalue()
    )
    assert "warning: Spliit's activity log is not imported." in out.getvalue()


def test_shows_progress_on_a_terminal(user):
    out = Terminal()

    call_command(
        "import_group", SAMPLES / "sample.cospend.csv", "--format", "cospend-csv",
        "--owner", "ann", stdout=out,
    )  # fmt: skip

    assert "\rImporting: 100% (6 of 6 expenses)" in out.getvalue()
    assert Group.objects.get().name == "sample.cospend"


def test_a_dry_run_writes_nothing(user):
    out = io.StringIO()

    call_command(
        "import_group", SAMPLES / "sample.ihatemoney.csv", "--format", "ihatemoney-csv",
        "--owner", "ann", "--rates", "USD=0.9", "--dry-run", stdout=out,
    )  # fmt: skip

    assert "Dry run: would import 'sample.ihatemoney' with 4 members" in out.getvalue()
    assert not Group.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--owner", "nobody"], "No user named 'nobody'."),
        (["--owner", "ann", "--rates", "USD=x"], "the rate of USD must be a positive number"),
        (["--owner", "ann"], "line 3: 30.00 USD has no exchange rate to EUR"),
    ],
)
def test_a_refusal_is_a_command_error_and_writes_nothing(user, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "import_group", SAMPLES / "sample.ihatemoney.csv", "--format", "ihatemoney-csv",
            *arguments,
        )  # fmt: skip

    assert not Group.objects.exists()
