"""A group's activity page: everything that happened, newest first, a page at a time."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from groups.selectors.activity import group_activity
from groups.web.activity import entries
from groups.web.views.common import group_and_actor

PER_PAGE = 30


@login_required
def activity(request, pk):
    group, actor = group_and_actor(request, pk)
    page = Paginator(group_activity(group), PER_PAGE).get_page(request.GET.get("page"))
    context = {"group": group, "actor": actor, "page": page, "entries": entries(page)}
    return render(request, "web/ledger/activity.html", context)
