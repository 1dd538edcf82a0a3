"""An admin save racing another change: the admin's check and its save see the same data.

The group page checks its members' changes by a dry run of the services, then saves them.
Another request that changed the group in between (on PostgreSQL, where writers run side by
side) made the save refuse what the check had allowed: a 500. The admin now holds the
group's lock from its check to its commit, so the other change waits for it.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from groups.admin.groups import GroupAdmin
from groups.models import GroupMember
from groups.services.managers import member_set_manager
from tests.admin.pages import group_form, group_url
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite runs one write transaction at a time"
    ),
]


def test_a_change_between_the_admins_check_and_save_is_no_500(group, ann, bob, kid, monkeypatch):
    operator = UserFactory(username="operator", is_staff=True, is_superuser=True)
    checked, go_on = threading.Event(), threading.Event()
    original_save = GroupAdmin.save_model

    def save_after_the_other_change(self, *args, **kwargs):
        checked.set()  # the forms and the members' dry run have passed
        go_on.wait(10)
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(GroupAdmin, "save_model", save_after_the_other_change)
    answers, refusals = [], []

    def admin_sets_bob_as_kids_manager():
        client = Client()
        client.force_login(operator)
        try:
            answers.append(client.post(group_url(group), group_form(group, {kid: bob.pk})))
        finally:
            connection.close()

    def another_request_makes_bob_managed():
        try:
            member_set_manager(member=bob, actor=ann, manager_id=ann.pk)
        except ValidationError as refused:
            refusals.append(refused)
        finally:
            connection.close()

    admin = threading.Thread(target=admin_sets_bob_as_kids_manager)
    admin.start()
    assert checked.wait(10)
    other = threading.Thread(target=another_request_makes_bob_managed)
    other.start()
    other.join(1)  # it waits for the admin's lock (before the fix, it got through at once)
    go_on.set()
    admin.join(20)
    other.join(20)

    assert [a.status_code for a in answers] == [302]
    kid.refresh_from_db()
    bob.refresh_from_db()
    assert kid.is_managed_by(bob)
    assert bob.managed_by is None  # the other change came second and was refused (rule 2)
    assert len(refusals) == 1
    assert GroupMember.objects.filter(group=group).count() == 3
