"""A group's repeating expenses: each series with its rule and next date; stop or resume it."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from groups.fields import MAX_ID
from groups.models import RecurringSeries
from groups.selectors.recurring import series_of
from groups.services.recurring import series_resume, series_stop
from groups.web.views.common import confirm, group_and_actor, refusal


@dataclass
class SeriesRow:
    """A series and where it stands: running, paused (it says why), stopped or ended."""

    series: RecurringSeries

    @property
    def state(self) -> str:
        series = self.series
        if series.stopped_at is not None:
            return "stopped"
        if series.active:
            return "running"
        return "paused" if series.next_date is not None else "ended"


@login_required
def recurring(request, pk):
    group, actor = group_and_actor(request, pk)
    return _page(request, group, actor)


@login_required
def series_stop_view(request, pk, series_id):
    """Stop a series after asking: nothing more is created; what was created stays."""
    group, actor = group_and_actor(request, pk)
    series = _series_of(group, series_id)
    if request.method == "POST":
        series_stop(series=series, actor=actor)
        messages.success(request, f"{series.expense.description} will not repeat any more.")
        return redirect("web:recurring", pk=group.pk)
    return confirm(
        request,
        group=group,
        title="Stop repeating?",
        question=f"Stop repeating “{series.expense.description}” ({series.describe()})?",
        details=[
            "The expenses it has already added stay.",
            "A stopped series cannot be resumed: record a new repeating expense instead.",
        ],
        action="Stop repeating",
        cancel_url=reverse("web:recurring", args=[group.pk]),
    )


@login_required
@require_POST
def series_resume_view(request, pk, series_id):
    """Resume a paused series; its next run adds what it missed meanwhile."""
    group, actor = group_and_actor(request, pk)
    series = _series_of(group, series_id)
    try:
        series_resume(series=series, actor=actor)
    except ValidationError as error:
        problem = f"“{series.expense.description}” cannot be resumed: {refusal(error)}"
        return _page(request, group, actor, error=problem, status=400)
    messages.success(request, f"{series.expense.description} repeats again.")
    return redirect("web:recurring", pk=group.pk)


def _series_of(group, series_id: int) -> RecurringSeries:
    if series_id > MAX_ID:
        raise Http404
    return get_object_or_404(series_of(group), pk=series_id)


def _page(request, group, actor, *, error: str = "", status: int = 200):
    rows = [SeriesRow(series) for series in series_of(group)]
    context = {"group": group, "actor": actor, "rows": rows, "error": error}
    return render(request, "web/ledger/recurring.html", context, status=status)
