"""Adding members, choosing a member's manager, and changing a member's role."""

from django import forms

from groups.models import GroupMember
from groups.web.forms.base import MemberChoiceField, WebForm


class MemberAddForm(WebForm):
    """A guest by name, or a registered user by username (optionally under another name)."""

    name = forms.CharField(
        max_length=100,
        required=False,
        label="Name",
        help_text="For a guest: how the group calls them.",
    )
    username = forms.CharField(
        max_length=150,
        required=False,
        label="Username",
        help_text="For someone with an account. Leave the name empty to use their username.",
        widget=forms.TextInput(attrs={"autocapitalize": "none"}),
    )

    def clean_username(self):
        # Whether such an account exists is the service's to answer, without telling.
        return self.cleaned_data["username"].strip() or None

    def clean(self):
        data = super().clean()
        if not self.errors and not data["name"].strip() and not data["username"]:
            raise forms.ValidationError("Give a guest's name or a user's username.")
        return data


class ManagerForm(WebForm):
    """Who manages one member: a choice among those eligible, with none preselected."""

    manager = MemberChoiceField(
        label="Manager", error_messages={"required": "Choose who manages them."}
    )

    def __init__(self, *args, member: GroupMember, choices: list[GroupMember], **kwargs):
        kwargs.setdefault("auto_id", f"id_manage_{member.pk}_%s")
        super().__init__(*args, **kwargs)
        self.fields["manager"].label = f"Manager of {member.name}"
        self.fields["manager"].set_members(choices)


class RoleForm(WebForm):
    """A member's role in the group."""

    role = forms.ChoiceField(choices=GroupMember.Role.choices)
