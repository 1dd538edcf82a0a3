"""record(): one entry inside the write's transaction, and what it keeps."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from groups.models import Activity
from groups.services.activity import changes_between, record
from groups.services.expenses import expense_update
from groups.services.managers import member_clear_manager, member_set_manager
from groups.services.members import member_update
from tests.factories import add_expense

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_a_mistake(group, ann):
    with pytest.raises(RuntimeError, match="inside the write's transaction"):
        record(actor=ann, group=group, action="group.updated", obj=group)


def test_record_takes_a_member_as_its_user_and_files_expenses_under_their_history(group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    with transaction.atomic():
        entry = record(actor=ann, group=group, action="comment.added", obj=expense)

    assert entry.actor == ann.user
    assert (entry.object_type, entry.object_id, entry.expense) == ("expense", expense.pk, expense)
    assert entry.summary == "ann commented on Expense (30.00)"


def test_record_names_a_gone_object_by_type_and_id(group, ann):
    with transaction.atomic():
        entry = record(actor=None, group=group, action="comment.deleted", obj=("comment", 7))

    assert (entry.object_type, entry.object_id, entry.actor) == ("comment", 7, None)
    assert entry.summary == "Someone deleted a comment on"


def test_changes_between_keeps_only_what_changed_as_json_keeps_it():
    from datetime import date

    before = {"amount": Decimal("1.00"), "date": date(2026, 1, 1), "name": "a", "same": 1}
    after = {"amount": Decimal("2.50"), "date": date(2026, 1, 2), "name": "a", "same": 1}

    assert changes_between(before, after) == {
        "amount": {"before": "1.00", "after": "2.50"},
        "date": {"before": "2026-01-01", "after": "2026-01-02"},
    }


def test_a_write_refused_after_recording_leaves_no_entry(group, ann, kid, monkeypatch):
    # The entry is written before a later failure in the same transaction: both roll back.
    from groups.services import expense_log

    real_record = expense_log.record

    def record_then_fail(*args, **kwargs):
        real_record(*args, **kwargs)
        raise ValidationError({"description": "Refused after recording."})

    expense = add_expense(group, ann, [ann, kid])
    monkeypatch.setattr(expense_log, "record", record_then_fail)
    before = Activity.objects.count()

    with pytest.raises(ValidationError):
        expense_update(expense=expense, description="Changed", actor=ann.user)

    assert Activity.objects.count() == before
    expense.refresh_from_db()
    assert expense.description == "Expense"


def test_changes_that_change_nothing_record_nothing(group, ann, kid):
    expense = add_expense(group, ann, [ann, kid])
    before = Activity.objects.count()

    expense_update(expense=expense, description="Expense", actor=ann.user)
    member_update(member=kid, actor=ann, name="Kid")
    member_clear_manager(member=kid, actor=ann)

    assert Activity.objects.count() == before


def test_setting_the_same_manager_twice_records_once(group, ann, kid):
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)
    member_set_manager(member=kid, actor=ann, manager_id=ann.pk)

    entries = Activity.objects.filter(action="manager.set")
    assert [(e.summary, e.changes) for e in entries] == [
        ("ann made ann the manager of Kid", {"manager": {"before": None, "after": "ann"}})
    ]


def test_a_deleted_account_is_recorded_in_each_of_its_groups(group, ann, bob, kid):
    member_set_manager(member=kid, actor=bob, manager_id=bob.pk)

    bob.user.delete()

    entry = Activity.objects.filter(group=group).first()
    assert entry.action == "member.updated"
    assert entry.actor is None
    assert entry.summary == "bob's account was deleted: bob stays as a guest; Kid no longer managed"
    assert entry.changes == {"user": {"before": "bob", "after": None}, "released": ["Kid"]}


def test_a_deleted_group_leaves_one_entry_saying_who_deleted_it(group, ann):
    from groups.services.groups import group_delete

    group_id = group.pk
    group_delete(group=group, actor=ann)

    [entry] = Activity.objects.all()
    assert (entry.group, entry.action, entry.object_type, entry.object_id) == (
        None,
        "group.deleted",
        "group",
        group_id,
    )
    assert entry.summary == "ann deleted the group Trip"
