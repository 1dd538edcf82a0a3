"""The statistics page: totals by category, month and member as SVG charts, over a period."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from groups.services.expenses import Participant, Payer, expense_create, expense_delete
from tests.factories import UserFactory
from tests.web.conftest import text, url

pytestmark = pytest.mark.django_db


def spend(group, payer, members, amount, *, category="", day=datetime.date(2026, 3, 5)):
    return expense_create(
        group=group,
        created_by=None,
        description=f"Spent on {category or 'nothing'}",
        amount=Decimal(amount),
        split="equal",
        participants=[Participant(m.pk) for m in members],
        payers=[Payer(payer.pk, Decimal(amount))],
        date=day,
        category=category,
    )


@pytest.fixture
def history(group, ann, bob):
    spend(group, ann, [ann, bob], "60.00", category="food", day=datetime.date(2026, 1, 10))
    spend(group, bob, [ann, bob], "1000.00", category="rent", day=datetime.date(2026, 2, 1))
    spend(group, ann, [bob], "15.50", day=datetime.date(2026, 2, 20))
    trashed = spend(group, bob, [ann, bob], "999.00", category="food")
    expense_delete(expense=trashed, actor=bob)


def test_a_member_sees_every_breakdown_as_a_chart(as_ann, group, history):
    response = as_ann.get(url("statistics", group))

    assert response.status_code == 200
    figures = response.context["statistics"]
    assert figures.total == Decimal("1075.50")  # the trashed 999.00 counts for nothing
    assert response.context["by_category"] == [
        ("Rent", Decimal("1000.00")),
        ("Food", Decimal("60.00")),
        ("No category", Decimal("15.50")),
    ]
    assert response.context["by_month"] == [
        ("January 2026", Decimal("60.00")),
        ("February 2026", Decimal("1015.50")),
    ]
    page = text(response)
    for chart in ("chart-category", "chart-month", "chart-member"):
        assert f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart}"' in page
    assert "€1,075.50" in page
    assert "Rent: 1,000.00 EUR; Food: 60.00 EUR" in page  # the chart's words for screen readers
    assert 'aria-current="page">Statistics</a>' in page


def test_a_period_narrows_every_figure(as_ann, group, ann, bob, history):
    response = as_ann.get(url("statistics", group), {"date_after": "2026-02-01"})

    assert response.status_code == 200
    figures = response.context["statistics"]
    assert figures.total == Decimal("1015.50")
    assert [(m.name, m.paid, m.owed) for m in figures.by_member] == [
        ("ann", Decimal("15.50"), Decimal("500.00")),
        ("bob", Decimal("1000.00"), Decimal("515.50")),
    ]
    assert "Spent in this period" in text(response)


def test_an_empty_period_says_there_is_nothing(as_ann, group, history):
    response = as_ann.get(url("statistics", group), {"date_after": "", "date_before": ""})
    assert response.context["statistics"].total == Decimal("1075.50")  # empty: no bound

    response = as_ann.get(url("statistics", group), {"date_before": "2025-12-31"})
    assert response.context["statistics"].total == Decimal("0.00")
    assert "Nothing to show: no expenses in this period." in text(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"date_after": "2026-03-01", "date_before": "2026-02-01"},
            "The range starts (2026-03-01) after it ends (2026-02-01).",
        ),
        ({"date_after": "2026-13-01"}, "Enter a valid date."),
    ],
)
def test_a_bad_period_is_refused_with_the_reason(as_ann, group, history, query, message):
    response = as_ann.get(url("statistics", group), query)

    assert response.status_code == 400
    assert "statistics" not in response.context
    page = text(response)
    assert message in page and "data-error-summary" in page
    assert 'value="' + query["date_after"] + '"' in page  # what was typed stays


def test_strangers_get_404_and_visitors_are_sent_to_log_in(client, login, group, history):
    assert login(UserFactory(username="eve")).get(url("statistics", group)).status_code == 404
    response = client.get(url("statistics", group))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
