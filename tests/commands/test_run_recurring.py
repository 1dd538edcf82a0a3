"""run_recurring from the shell: what it says, and its --today."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from groups.models import Expense, RecurringSeries
from groups.services.members import member_deactivate
from groups.services.payments import payment_create
from tests.factories import add_repeating_expense

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("run_recurring", *args, stdout=out)
    return out.getvalue()


def test_it_creates_what_is_due_and_says_so(group, ann, kid):
    add_repeating_expense(group, ann, [ann, kid], first=date(2026, 1, 31))

    output = run("--today", "2026-03-31")

    assert output.splitlines() == [
        "Created Rent (30.00) for 2026-02-28",
        "Created Rent (30.00) for 2026-03-31",
        "2 occurrence(s) created, 0 series paused, up to 2026-03-31.",
    ]
    assert run("--today", "2026-03-31").splitlines() == [
        "0 occurrence(s) created, 0 series paused, up to 2026-03-31."
    ]


def test_it_says_which_series_it_paused_and_why(group, ann, kid):
    first = add_repeating_expense(group, ann, [ann, kid], first=date(2026, 1, 1), every="week")
    payment_create(
        group=group, created_by=None, from_member_id=kid.pk, to_member_id=ann.pk, amount="15.00"
    )
    member_deactivate(member=kid, actor=ann)

    output = run("--today", "2026-01-08")

    series = RecurringSeries.objects.get()
    assert f"Paused series {series.pk}: Rent was not repeated on 2026-01-08" in output
    assert output.endswith("0 occurrence(s) created, 1 series paused, up to 2026-01-08.\n")
    assert Expense.objects.filter(occurrence__series=series).get() == first


def test_today_is_the_default(group, ann, kid):
    today = timezone.localdate()
    add_repeating_expense(group, ann, [ann, kid], first=date(today.year - 1, 1, 1), every="year")

    output = run()

    assert output.splitlines()[-1] == (
        f"1 occurrence(s) created, 0 series paused, up to {today.isoformat()}."
    )


@pytest.mark.parametrize("text", ["2026-02-30", "tomorrow", "2026/01/01"])
def test_a_bad_date_is_refused(text):
    with pytest.raises(CommandError, match="is not a date in the form YYYY-MM-DD"):
        run("--today", text)
