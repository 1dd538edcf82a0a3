"""The admin's history pages: the activity log read-only, series, invite links, the trash."""

from datetime import date

import pytest
from django.urls import reverse

from groups.models import Activity, Expense, InviteLink, RecurringSeries
from groups.services.expenses import expense_delete
from groups.services.invites import invite_create
from groups.services.members import member_deactivate
from tests.factories import add_expense, add_repeating_expense

pytestmark = pytest.mark.django_db


def test_the_activity_log_is_listed_and_read_only(admin_client, group, ann, kid):
    add_expense(group, ann, [ann, kid])
    entry = Activity.objects.get(action="expense.created")

    listed = admin_client.get(reverse("admin:groups_activity_changelist"))
    page = admin_client.get(reverse("admin:groups_activity_change", args=[entry.pk]))

    assert listed.status_code == 200
    assert entry in listed.context["cl"].result_list
    assert page.status_code == 200
    assert page.context["adminform"].form.fields == {}  # every field read-only
    assert not page.context["has_change_permission"]
    assert admin_client.post(reverse("admin:groups_activity_add"), {}).status_code == 403
    delete = reverse("admin:groups_activity_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Activity.objects.filter(pk=entry.pk).exists()


def test_series_are_listed_with_their_next_date_and_stopped_through_the_service(
    admin_client, admin_user, group, ann, kid
):
    add_repeating_expense(group, ann, [ann, kid], first=date(2026, 1, 31))
    series = RecurringSeries.objects.get()
    url = reverse("admin:groups_recurringseries_changelist")

    listed = admin_client.get(url)

    assert listed.status_code == 200
    assert "Feb. 28, 2026" in listed.content.decode()
    assert "every month" in listed.content.decode()
    response = admin_client.post(url, {"action": "stop", "_selected_action": [series.pk]})
    assert response.status_code == 302
    series.refresh_from_db()
    assert (series.active, series.stopped_at is not None) == (False, True)
    assert Activity.objects.get(action="recurring.stopped").actor == admin_user


def test_invite_links_are_listed_and_disabled_through_the_service(admin_client, group, ann):
    invite = invite_create(group=group, actor=ann)
    url = reverse("admin:groups_invitelink_changelist")

    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"action": "disable", "_selected_action": [invite.pk]})

    assert response.status_code == 302
    assert not InviteLink.objects.active().exists()
    assert Activity.objects.filter(action="invite.disabled").count() == 1


def test_deleting_in_the_admin_moves_to_the_trash_and_the_action_restores(
    admin_client, group, ann, kid
):
    expense = add_expense(group, ann, [ann, kid])
    delete = reverse("admin:groups_expense_delete", args=[expense.pk])

    assert admin_client.post(delete, {"post": "yes"}).status_code == 302

    expense.refresh_from_db()
    assert expense.deleted_at is not None
    trash = admin_client.get(reverse("admin:groups_expense_changelist") + "?deleted_at__isempty=0")
    assert list(trash.context["cl"].result_list) == [expense]
    changelist = reverse("admin:groups_expense_changelist")
    response = admin_client.post(
        changelist, {"action": "restore", "_selected_action": [expense.pk]}
    )
    assert response.status_code == 302
    expense.refresh_from_db()
    assert expense.deleted_at is None


def test_a_restore_refused_in_the_admin_says_why(admin_client, group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    expense_delete(expense=expense)
    member_deactivate(member=kid, actor=ann)
    changelist = reverse("admin:groups_expense_changelist")

    response = admin_client.post(
        changelist, {"action": "restore", "_selected_action": [expense.pk]}, follow=True
    )

    assert "This involves Kid, who left the group." in response.content.decode()
    assert Expense.objects.get(pk=expense.pk).deleted_at is not None


def test_a_group_with_a_log_series_and_link_is_deleted_in_the_admin(admin_client, group, ann, kid):
    add_repeating_expense(group, ann, [ann, kid], first=date(2026, 1, 1))
    invite_create(group=group, actor=ann)
    url = reverse("admin:groups_group_delete", args=[group.pk])

    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"post": "yes"}).status_code == 302

    assert not RecurringSeries.objects.exists() and not InviteLink.objects.exists()
    assert list(Activity.objects.values_list("action", flat=True)) == ["group.deleted"]
