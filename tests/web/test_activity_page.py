"""The activity page: the group's log, newest first, a page at a time, in sentences."""

from decimal import Decimal

import pytest

from groups.models import Activity
from groups.services.expenses import Participant, Payer, expense_delete, expense_update
from groups.web.activity import change_lines
from tests.factories import UserFactory, add_expense
from tests.web.conftest import text, url

pytestmark = pytest.mark.django_db


def test_the_log_reads_newest_first_with_what_changed(as_ann, group, ann, bob):
    expense = add_expense(group, ann, [ann, bob], amount="30.00")
    expense_update(
        expense=expense,
        actor=ann,
        amount=Decimal("45.00"),
        split="equal",
        participants=[Participant(ann.pk), Participant(bob.pk)],
        payers=[Payer(ann.pk, Decimal("45.00"))],
    )
    expense_delete(expense=expense, actor=bob)

    response = as_ann.get(url("activity", group))

    assert response.status_code == 200
    summaries = [entry.summary for entry in response.context["entries"]]
    assert summaries[0] == "bob moved Expense (45.00) to the trash"
    assert summaries[1] == "ann changed Expense: amount, shares"
    assert summaries[-1].startswith("ann created the group")
    changed = response.context["entries"][1].changes
    assert "Amount: 30.00 → 45.00" in changed
    assert "ann paid: 30.00 → 45.00" in changed and "bob owes: 15.00 → 22.50" in changed
    page = text(response)
    assert "bob owes: 15.00 → 22.50" in page
    # An entry about an expense links to it.
    assert url("expense-detail", group, expense) in page


def test_the_log_comes_a_page_at_a_time(as_ann, group, ann):
    for _ in range(34):
        add_expense(group, ann, [ann])  # with the group's creation: 35 entries
    first = as_ann.get(url("activity", group))
    last = as_ann.get(url("activity", group), {"page": "2"})
    beyond = as_ann.get(url("activity", group), {"page": "99"})

    assert len(first.context["entries"]) == 30 and len(last.context["entries"]) == 5
    assert "Page 1 of 2" in text(first) and "?page=2" in text(first)
    newest = Activity.objects.filter(group=group).order_by("-id").first()
    assert first.context["entries"][0].summary == newest.summary
    assert last.context["entries"][-1].summary.startswith("ann created the group")
    assert beyond.status_code == 200 and beyond.context["page"].number == 2


def test_another_groups_activity_is_not_shown(as_ann, group, ann, login):
    eve = UserFactory(username="eve")
    assert login(eve).get(url("activity", group)).status_code == 404
    response = as_ann.get(url("activity", group))
    assert all("eve" not in entry.summary for entry in response.context["entries"])


@pytest.mark.parametrize(
    ("changes", "lines"),
    [
        ({"name": {"before": "Trip", "after": "Lisbon"}}, ["Name: Trip → Lisbon"]),
        ({"manager": {"before": "ann", "after": None}}, ["Manager: ann → none"]),
        ({"is_active": {"before": True, "after": False}}, ["Active: yes → no"]),
        ({"series": 3, "date": "2026-01-01"}, []),  # not a before → after pair
        (
            {
                "shares": {
                    "before": [{"member": 1, "name": "ann", "paid": "9.00", "owed": "9.00"}],
                    "after": [{"member": 2, "name": "bob", "paid": "9.00", "owed": "9.00"}],
                }
            },
            [
                "ann paid: 9.00 → 0.00",
                "ann owes: 9.00 → 0.00",
                "bob paid: 0.00 → 9.00",
                "bob owes: 0.00 → 9.00",
            ],
        ),
    ],
)
def test_changes_in_words(changes, lines):
    assert change_lines(changes) == lines
