"""The repeating expenses page: each series and where it stands; stop (asked first), resume."""

import datetime

import pytest
from django.test import Client

from groups.models import Activity, RecurringSeries
from groups.services.expenses import expense_delete
from groups.services.members import member_deactivate
from groups.services.recurring import series_stop
from tests.factories import GroupFactory, UserFactory, add_repeating_expense, admin_of
from tests.web.conftest import text, url

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2026, 1, 31)


@pytest.fixture
def series(group, ann, bob):
    return add_repeating_expense(group, ann, [ann, bob], first=FIRST).started_series


def pause(series, reason="Rent was not repeated on 2026-02-28: it involves bob."):
    RecurringSeries.objects.filter(pk=series.pk).update(active=False, paused_reason=reason)


def test_a_member_sees_each_series_and_its_next_date(login, group, bob, series):
    response = login(bob.user).get(url("recurring", group))

    assert response.status_code == 200
    assert [row.state for row in response.context["rows"]] == ["running"]
    page = text(response)
    assert "Rent" in page and "every month" in page and "next on 28 Feb 2026" in page
    assert url("recurring-stop", group, series) in page
    assert url("recurring-resume", group, series) not in page  # running: nothing to resume


def test_stopping_asks_first_then_stops(as_ann, group, series):
    ask = as_ann.get(url("recurring-stop", group, series))
    assert ask.status_code == 200 and "Stop repeating “Rent” (every month)?" in text(ask)
    series.refresh_from_db()
    assert series.active and series.stopped_at is None  # asking changes nothing

    response = as_ann.post(url("recurring-stop", group, series))

    assert response.status_code == 302 and response["Location"] == url("recurring", group)
    series.refresh_from_db()
    assert not series.active and series.stopped_at is not None and series.next_date is None
    assert Activity.objects.filter(action="recurring.stopped").count() == 1
    page = text(as_ann.get(url("recurring", group)))
    assert "Rent will not repeat any more." in page and ">stopped</span>" in page


def test_a_paused_series_says_why_and_resumes(as_ann, group, series):
    pause(series)
    page = text(as_ann.get(url("recurring", group)))
    assert ">paused</span>" in page and "it involves bob." in page

    response = as_ann.post(url("recurring-resume", group, series))

    assert response.status_code == 302
    series.refresh_from_db()
    assert series.active and series.paused_reason == ""
    assert Activity.objects.filter(action="recurring.resumed").count() == 1


def test_a_stopped_series_cannot_resume(as_ann, group, ann, series):
    series_stop(series=series, actor=ann)

    response = as_ann.post(url("recurring-resume", group, series))

    assert response.status_code == 400
    assert "This series has ended: record a new repeating expense." in text(response)
    series.refresh_from_db()
    assert not series.active and series.stopped_at is not None
    assert not Activity.objects.filter(action="recurring.resumed").exists()


def test_resuming_with_a_member_who_left_is_refused(as_ann, group, ann, bob, series):
    expense_delete(expense=series.expense, actor=ann)  # bob's balance back to zero
    member_deactivate(member=bob, actor=bob)
    pause(series)

    response = as_ann.post(url("recurring-resume", group, series))

    assert response.status_code == 400
    assert "bob, who left the group" in text(response)
    series.refresh_from_db()
    assert not series.active


def test_writes_are_posts_with_a_csrf_token(user, group, series):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(url("recurring-resume", group, series)).status_code == 405
    assert client.post(url("recurring-stop", group, series)).status_code == 403
    series.refresh_from_db()
    assert series.active


def test_strangers_and_other_groups_get_404(login, as_ann, group, series):
    stranger = login(UserFactory(username="eve"))
    for name in ("recurring-stop", "recurring-resume"):
        assert stranger.post(url(name, group, series)).status_code == 404
    assert stranger.get(url("recurring", group)).status_code == 404
    other = GroupFactory()
    elsewhere = add_repeating_expense(
        other, admin_of(other), [admin_of(other)], first=FIRST
    ).started_series
    assert as_ann.post(url("recurring-stop", group, elsewhere)).status_code == 404
    assert as_ann.get(f"/groups/{group.pk}/recurring/{2**70}/stop/").status_code == 404
    assert RecurringSeries.objects.filter(stopped_at__isnull=True).count() == 2
