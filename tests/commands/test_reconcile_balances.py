"""reconcile_balances: the members' totals against the shares, drift printed, --fix repairs."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from groups.models import Activity, GroupMember
from groups.selectors.balances import member_balances
from tests.factories import GroupFactory, GuestFactory, add_expense, admin_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip():
    group = GroupFactory(name="Trip")
    ann = admin_of(group)
    kid = GuestFactory(group=group, name="Kid")
    add_expense(group, ann, [ann, kid], amount="30.00")
    return group


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("reconcile_balances", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return exit.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_no_drift_after_the_services_wrote(trip):
    code, out, _ = run()

    assert code == 0
    assert "1 groups checked: no drift." in out


def test_drift_is_printed_with_status_1_and_fix_repairs_it_once(trip):
    kid = GroupMember.objects.get(group=trip, name="Kid")
    right = member_balances(trip.pk)
    GroupMember.objects.filter(pk=kid.pk).update(total_owed=99)  # written around the services

    code, out, err = run()
    assert code == 1
    assert "Kid: stored paid 0.00 owed 99.00; the shares say paid 0.00 owed 15.00" in out
    assert "1 of 1 groups drifted" in err
    assert not Activity.objects.filter(action="balances.reconciled").exists()

    code, out, _ = run("--fix", "--group", str(trip.pk))
    assert code == 0
    assert "Repaired 1 of 1 groups." in out
    assert member_balances(trip.pk) == right
    [entry] = Activity.objects.filter(group=trip, action="balances.reconciled")
    assert entry.changes["Kid"]["before"]["owed"] == "99.00"
    assert entry.changes["Kid"]["after"]["owed"] == "15.00"

    assert run()[0] == 0


def test_an_unknown_group_is_refused(trip):
    with pytest.raises(CommandError, match="There is no group 999999"):
        call_command("reconcile_balances", "--group", "999999")


def test_spending_drift_is_printed_and_fix_rebuilds_it(trip):
    from groups.models import DaySpending, MemberDaySpending
    from groups.selectors.statistics import group_statistics

    right = group_statistics(trip)
    day = DaySpending.objects.get(group=trip)
    DaySpending.objects.filter(pk=day.pk).update(amount=1)  # written around the services
    MemberDaySpending.objects.filter(group=trip).delete()

    code, out, err = run()
    assert code == 1
    assert f"on 1 days: {day.date.isoformat()}" in out
    assert "1 of 1 groups drifted" in err

    code, out, _ = run("--fix")
    assert code == 0
    assert group_statistics(trip) == right
    [entry] = Activity.objects.filter(group=trip, action="balances.reconciled")
    assert entry.changes["spending_days"] == [day.date.isoformat()]
    assert "the spending of 1 day" in entry.summary
    assert run()[0] == 0
