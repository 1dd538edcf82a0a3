"""Joining a group through its invite link: as a new member by name, or as one of its guests."""

from django import forms

from groups.web.forms.base import WebForm


class JoinForm(WebForm):
    """Join as a new member; the name defaults to the username (the service decides)."""

    name = forms.CharField(
        max_length=100,
        required=False,
        label="Your name in the group",
        help_text="Leave it empty to use your username.",
    )


class ClaimForm(WebForm):
    """Join as one of the group's guests ("this is me"), keeping what they paid and owe."""

    claim = forms.TypedChoiceField(
        coerce=int,
        label="Which guest are you?",
        error_messages={"invalid_choice": "Choose one of the guests listed."},
    )

    def __init__(self, *args, guests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"].choices = [(g.pk, g.name) for g in guests]
