"""Writes that check membership take the group's lock first, so no member can leave between
being checked and being written into an expense.

On SQLite every write transaction already holds the database's one write lock from BEGIN
(tests/test_settings.py); on PostgreSQL the group row's FOR UPDATE lock does the serialising.
"""

import threading
import time

import psycopg
import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from groups.models import Expense
from groups.services.expenses import Participant, Payer, expense_create
from groups.services.groups import group_create
from groups.services.members import member_add
from groups.services.payments import payment_create
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises all writes (test_settings)"
    ),
]


def member_leaves_meanwhile(group_id: int, member_id: int, locked: threading.Event) -> None:
    """Another session locks the group, as member_deactivate does, and the member leaves."""
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
    ) as other:
        other.execute("SELECT id FROM expense_groups WHERE id = %s FOR UPDATE", [group_id])
        locked.set()
        time.sleep(0.5)  # the write under test starts meanwhile and must wait for this commit
        other.execute("UPDATE group_members SET is_active = false WHERE id = %s", [member_id])


@pytest.mark.parametrize("write", ["expense", "payment"])
def test_a_member_who_leaves_meanwhile_gets_no_share(write):
    ann = UserFactory(username="ann")
    group = group_create(creator=ann, name="Trip")
    ann_member = group.members.get()
    kid = member_add(group=group, name="Kid")
    locked = threading.Event()
    other = threading.Thread(target=member_leaves_meanwhile, args=(group.pk, kid.pk, locked))
    other.start()
    locked.wait(10)

    try:
        with pytest.raises(ValidationError):
            if write == "expense":
                expense_create(
                    group=group,
                    created_by=ann,
                    description="Taxi",
                    amount="10.00",
                    split="equal",
                    participants=[Participant(kid.pk)],
                    payers=[Payer(ann_member.pk, "10.00")],
                )
            else:
                payment_create(
                    group=group,
                    created_by=ann,
                    from_member_id=kid.pk,
                    to_member_id=ann_member.pk,
                    amount="5.00",
                )
    finally:
        other.join()

    assert not Expense.objects.filter(group=group).exists()
