"""Signing up, logging in and changing one's password."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from groups.services.accounts import user_register
from groups.web.forms.accounts import LoginForm, PasswordForm, RegisterForm
from groups.web.views.common import write_from


def register(request):
    """A new account (through the same service as the API's), logged in at once; then back
    to ``next`` (a page of this site, e.g. an invite link) or to the groups."""
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "web:group-list")
    form = RegisterForm(request.POST or None)
    if request.method == "POST":
        user = write_from(
            form,
            lambda data: user_register(username=data["username"], password=data["password"]),
        )
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if next_url:
                messages.success(request, f"Welcome, {user.get_username()}!")
                return redirect(next_url)
            messages.success(request, f"Welcome, {user.get_username()}! Create your first group.")
            return redirect("web:group-list")
    return render(request, "web/accounts/register.html", {"form": form, "next": next_url})


def _safe_next(request) -> str:
    """``next`` from the query or the form, if it is a page of this site; else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


class LoginView(auth_views.LoginView):
    """Django's login page, with the project's form and template."""

    authentication_form = LoginForm
    template_name = "web/accounts/login.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password; the session stays logged in."""

    form_class = PasswordForm
    template_name = "web/accounts/password_change.html"
    success_url = reverse_lazy("web:group-list")

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)
