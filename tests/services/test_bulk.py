"""Bulk writes: rows in, ids back in their order, and the database checks every row."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from groups.models import Expense, Share
from groups.services import bulk

pytestmark = pytest.mark.django_db

FIELDS = (
    "group",
    "kind",
    "split",
    "description",
    "category",
    "date",
    "amount",
    "currency",
    "exchange_rate",
    "group_amount",
    "notes",
    "legacy_category",
    "created_by",
    "created_at",
    "updated_at",
)


def expense_rows(group, user, amounts):
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return [
        (
            group.pk,
            "expense",
            "equal",
            f"Row {n}",
            "",
            date(2024, 1, 1),
            cents,
            "EUR",
            1000000,
            cents,
            "",
            "",
            user.pk,
            now,
            now,
        )
        for n, cents in enumerate(amounts)
    ]


def test_the_ids_come_back_rising_in_the_order_of_the_rows(group, user):
    before = Expense.objects.create(
        group=group, description="Before", amount=1, currency="EUR", group_amount=1
    )

    ids = bulk.insert(Expense, FIELDS, expense_rows(group, user, [100, 250, 75]), returning=True)

    assert ids == sorted(ids) and ids[0] > before.pk
    written = dict(Expense.objects.filter(pk__in=ids).values_list("pk", "description"))
    assert [written[pk] for pk in ids] == ["Row 0", "Row 1", "Row 2"]
    assert [str(Expense.objects.get(pk=pk).amount) for pk in ids] == ["1.00", "2.50", "0.75"]


def test_a_row_the_constraints_refuse_raises_and_the_batch_writes_nothing(group, user, ann):
    with pytest.raises(IntegrityError, match="share_amounts_positive"), transaction.atomic():
        (expense_id,) = bulk.insert(
            Expense, FIELDS, expense_rows(group, user, [100]), returning=True
        )
        # paid and owed both zero: share_amounts_positive refuses the second row.
        rows = [
            (expense_id, group.pk, ann.pk, 100, 100, False),
            (expense_id, group.pk, ann.pk, 0, 0, False),
        ]
        bulk.copy(Share, ("expense", "group", "member", "paid", "owed", "in_trash"), rows)

    assert (Expense.objects.count(), Share.objects.count()) == (0, 0)


def test_an_amount_the_constraints_refuse_is_refused_in_an_expense_too(group, user):
    with pytest.raises(IntegrityError, match="expense_amount_positive"), transaction.atomic():
        bulk.insert(Expense, FIELDS, expense_rows(group, user, [100, 0]), returning=True)

    assert Expense.objects.count() == 0
