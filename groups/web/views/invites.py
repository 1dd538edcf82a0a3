"""Invite links: an admin makes, shows and disables the group's link; anyone with it joins.

The join page lives at the path the API hands out (``selectors.invites.JOIN_PATH``). Someone
signed out is sent to log in or sign up, and comes back to it. An unknown or disabled token
is a 404 that says so.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from groups.models import InviteLink
from groups.selectors import invites
from groups.services.common import require_admin
from groups.services.invites import invite_create, invite_disable, invite_join
from groups.web.forms.invites import ClaimForm, JoinForm
from groups.web.views.common import confirm, group_and_actor


def invite_url(request, group) -> str | None:
    """The full address of ``group``'s working invite link, if it has one."""
    invite = invites.active_invite(group)
    return request.build_absolute_uri(invites.join_path(invite)) if invite else None


@login_required
def invite_new(request, pk):
    """Make the group's invite link (admins); replacing a working one asks first."""
    group, actor = group_and_actor(request, pk)
    back = reverse("web:members", args=[group.pk]) + "#invite"
    replacing = invites.active_invite(group) is not None
    if request.method == "POST":
        invite_create(group=group, actor=actor)  # 403 for a member who is not an admin
        messages.success(
            request,
            "A new invite link is ready; the previous one no longer works."
            if replacing
            else "The invite link is ready: share it with the people joining.",
        )
        return redirect(back)
    require_admin(actor)  # the service's own check: 403 with its reason
    return confirm(
        request,
        group=group,
        title="Make a new invite link?",
        question=f"Make a new invite link for {group.name}?",
        details=["The current link stops working: whoever has it can no longer join."]
        if replacing
        else [],
        action="Make a new link",
        cancel_url=back,
        danger=replacing,
    )


@login_required
def invite_off(request, pk):
    """Disable the group's invite link (admins), after asking."""
    group, actor = group_and_actor(request, pk)
    back = reverse("web:members", args=[group.pk]) + "#invite"
    if request.method == "POST":
        invite_disable(group=group, actor=actor)
        messages.success(request, "The invite link no longer works.")
        return redirect(back)
    require_admin(actor)
    return confirm(
        request,
        group=group,
        title="Disable the invite link?",
        question=f"Disable the invite link of {group.name}?",
        details=["Whoever has it can no longer join; you can make a new one later."],
        action="Disable the link",
        cancel_url=back,
    )


def join(request, token):
    """The page an invite link opens: which group, its guests, and joining (POST).

    POST joins as a new member (``name``) or as a listed guest (``claim``: "this is me");
    a refusal shows the page again, 400, with the reason at the top.
    """
    invite = invites.invite_by_token(token)
    if invite is None:
        return _dead_link(request)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.path)
        context = {"invite": invite, "group": invite.group, "next": request.path}
        return render(request, "web/invites/join.html", context)
    guests = list(invites.claimable_guests(invite.group))
    join_form, claim_form = JoinForm(), None
    if request.method == "POST":
        if "claim" in request.POST:
            form = claim_form = ClaimForm(request.POST, guests=guests)
        else:
            form = join_form = JoinForm(request.POST)
        if form.is_valid():
            try:
                joined = invite_join(
                    invite=invite,
                    user=request.user,
                    claim=form.cleaned_data.get("claim"),
                    name=form.cleaned_data.get("name", ""),
                )
            except InviteLink.DoesNotExist:
                return _dead_link(request)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                return _joined(request, joined)
    context = {
        "invite": invite,
        "group": invite.group,
        "member": invites.membership_for_invite(invite, request.user),
        "guests": guests,
        "join_form": join_form,
        "claim_form": claim_form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "web/invites/join.html", context, status=status)


def _joined(request, joined):
    member = joined.member
    if joined.created:
        messages.success(request, f"Welcome to {member.group.name}! You are {member.name} here.")
    else:
        messages.info(request, f"You are already a member of {member.group.name}.")
    return redirect("web:group-detail", pk=member.group_id)


def _dead_link(request):
    return render(request, "web/invites/not_found.html", status=404)
