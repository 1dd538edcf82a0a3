"""A group's statistics page: what it spent by category, by month and by member, as charts."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.formats import date_format

from groups.selectors.categories import categories_of
from groups.selectors.statistics import Statistics, group_statistics
from groups.web import charts
from groups.web.forms.ledger import StatisticsRangeForm
from groups.web.views.common import group_and_actor

NO_CATEGORY = "No category"


@login_required
def statistics(request, pk):
    """The statistics over the date range asked for (all time by default)."""
    group, actor = group_and_actor(request, pk)
    form = StatisticsRangeForm(request.GET or None)
    context = {"group": group, "actor": actor, "form": form}
    if form.is_bound and not form.is_valid():
        return render(request, "web/ledger/statistics.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    figures = group_statistics(
        group, date_after=data.get("date_after"), date_before=data.get("date_before")
    )
    context.update(_charts(group, figures), statistics=figures, ranged=any(data.values()))
    return render(request, "web/ledger/statistics.html", context)


def _charts(group, figures: Statistics) -> dict:
    names = {choice.slug: choice.name for choice in categories_of(group)}
    by_category = [
        (names.get(row.category, row.category) or NO_CATEGORY, row.total)
        for row in figures.by_category
    ]
    by_month = [(_month(row.month), row.total) for row in figures.by_month]
    by_member = [(row.name, row.paid, row.owed) for row in figures.by_member]
    currency = figures.currency
    return {
        "by_category": by_category,
        "by_month": by_month,
        "category_chart": charts.category_chart(by_category, currency),
        "month_chart": charts.month_chart(by_month, currency),
        "member_chart": charts.member_chart(by_member, currency),
    }


def _month(month: str) -> str:
    """ "2026-11" as the locale says a month: "November 2026"."""
    year, number = month.split("-")
    return date_format(datetime.date(int(year), int(number), 1), "YEAR_MONTH_FORMAT")
