"""Signing up, logging in and changing one's password."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from groups.web.forms.base import WebForm, WebFormMixin


class RegisterForm(WebForm):
    """A new account: a username and a password typed twice (the service checks its strength)."""

    username = forms.CharField(
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
        help_text="Letters, digits and @ . + - _ only. Others add you to groups by it.",
    )
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_confirm = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_confirm") != data["password"]:
            self.add_error("password_confirm", "The two passwords differ.")
        return data


class LoginForm(WebFormMixin, AuthenticationForm):
    """Django's login form, rendered like the other forms."""


class PasswordForm(WebFormMixin, PasswordChangeForm):
    """Django's password change form (it applies the password validators)."""
