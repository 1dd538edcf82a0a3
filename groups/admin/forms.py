"""Admin forms for members: a "Managed by" choice, saved through the member services.

The forms never save a member themselves. Validation ends with a dry run of the very service
calls the save will make, inside a savepoint that is rolled back, so a broken rule becomes an
error on the field at fault instead of a 500, and the admin cannot disagree with the API.
"""

from collections.abc import Sequence

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from groups.errors import is_unique_violation
from groups.forms import CurrencyField, add_service_error
from groups.models import Group, GroupMember
from groups.references import resolve_managers
from groups.rules import eligible_managers
from groups.services.common import lock_group
from groups.services.groups import check_currency_change
from groups.services.managers import member_clear_manager, member_set_manager
from groups.services.members import member_add, member_deactivate, member_update


def site_admin_actor(*, group: Group, user: AbstractBaseUser) -> GroupMember:
    """The actor for changes made in the Django admin: an unsaved stand-in admin of ``group``.

    The admin site is the operators' tool: Django's admin permissions have already decided that
    ``user`` may change members, so the services treat them as the group's admin whether or not
    they belong to the group (rule 3's "a group admin, always"). The stand-in is never saved
    and has no primary key, so it can never be mistaken for, or managed as, a real member.
    """
    return GroupMember(
        group=group, user=user, name=user.get_username(), role=GroupMember.Role.ADMIN
    )


class GroupAdminForm(forms.ModelForm):
    """A group's name and currency; the currency code is read case-insensitively, and it
    cannot change once the group has expenses."""

    currency = CurrencyField()

    class Meta:
        model = Group
        fields = ["name", "currency"]

    def clean_currency(self):
        currency = self.cleaned_data["currency"]
        if self.instance.pk is None:
            return currency
        try:
            return check_currency_change(Group.objects.get(pk=self.instance.pk), currency)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["currency"]) from None


class MemberAdminForm(forms.ModelForm):
    """A member's name, account, role, activity and manager, as the admin edits them."""

    manager = forms.TypedChoiceField(
        label="Managed by",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="An active, unmanaged member of the same group.",
    )

    class Meta:
        model = GroupMember
        fields = ["name", "user", "role", "is_active"]

    def __init__(self, *args, group=None, members=None, managers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group if group is not None else self.instance.group
        if members is None:
            members = list(self.group.members.select_related("user"))
        if managers is None:
            managers = resolve_managers(members)
        current = managers.get(self.instance.pk)
        choices = eligible_managers(self.instance, members)
        if current is not None and current not in choices:
            choices.append(current)  # never drop the stored value from its own select
        self.fields["manager"].choices = [("", "---------")] + [
            (m.pk, m.name if m.user_id else f"{m.name} (guest)") for m in choices
        ]
        self.initial["manager"] = current.pk if current else None
        self.fields["name"].required = False  # a registered user defaults to their username
        if self.instance.pk is not None:
            # Re-pointing a membership at another account would rewrite its history.
            self.fields["user"].disabled = True
            self.fields["user"].help_text = "Fixed once the member exists."

    def apply_membership(self, actor: GroupMember) -> GroupMember:
        """Add the member or save its name, role and activity; clear a manager being changed."""
        data, changed = self.cleaned_data, set(self.changed_data)
        if self.instance.pk is None:
            member = member_add(
                group=self.group, name=data.get("name") or "", user=data.get("user")
            )
            if data["role"] != member.role:
                member = member_update(member=member, actor=actor, role=data["role"])
            if not data["is_active"]:
                member = member_deactivate(member=member, actor=actor)
            return member
        member = GroupMember.objects.get(pk=self.instance.pk)
        updates = {key: data[key] for key in ("name", "role") if key in changed}
        if "is_active" in changed and data["is_active"]:
            updates["active"] = True
        if updates:
            member = member_update(member=member, actor=actor, **updates)
        if "is_active" in changed and not data["is_active"]:
            member = member_deactivate(member=member, actor=actor)
        if "manager" in changed and member.managed_by_id is not None:
            # Cleared before any manager is set, so a household can be regrouped in one save.
            member = member_clear_manager(member=member, actor=actor)
        return member

    def apply_manager(self, member: GroupMember, actor: GroupMember) -> GroupMember:
        """Set the chosen manager, after every member of the submission has been saved."""
        if "manager" in self.changed_data and self.cleaned_data["manager"] is not None:
            member = member_set_manager(
                member=member, actor=actor, manager_id=self.cleaned_data["manager"]
            )
        return member


class MemberChangeForm(MemberAdminForm):
    """The member admin's own page: one member, checked by the same dry run as the inline.

    ``actor_user`` is set by the admin on the class it builds for each request.
    """

    actor_user: AbstractBaseUser | None = None

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and self.has_changed():
            dry_run_member_forms([self], site_admin_actor(group=self.group, user=self.actor_user))
        return cleaned_data


def apply_member_forms(
    forms_: Sequence[MemberAdminForm], actor: GroupMember
) -> list[tuple[MemberAdminForm, GroupMember]]:
    """Save the forms through the services: memberships and clearings first, then managers.

    Clearing before setting lets one submission regroup households (a manager becoming
    managed while their members move elsewhere).
    A refusal propagates with the form it belongs to attached as ``error.form``.
    """
    saved = []
    for form in forms_:
        saved.append((form, _attributed(form, form.apply_membership, actor)))
    for index, (form, member) in enumerate(saved):
        saved[index] = (form, _attributed(form, form.apply_manager, member, actor))
    return saved


def dry_run_member_forms(forms_: Sequence[MemberAdminForm], actor: GroupMember) -> None:
    """Run the save in a rolled-back savepoint; a refusal becomes an error on its form.

    The group's lock is taken first, outside the savepoint, so that it lasts until the admin's
    request commits (Django runs each change page in one transaction): no other write to the
    group can fall between this check and the real save, and make the save refuse what the
    check allowed.
    """

    class Rollback(Exception):
        pass

    lock_group(actor.group_id)
    try:
        with transaction.atomic():
            apply_member_forms(forms_, actor)
            raise Rollback
    except Rollback:
        pass
    except (ValidationError, PermissionDenied) as error:
        add_service_error(error.form, error)
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        # A unique name or account taken meanwhile; the savepoint has been rolled back.
        error.form.add_error(None, "This conflicts with a change made at the same time.")


def _attributed(form, step, *args):
    try:
        return step(*args)
    except (ValidationError, PermissionDenied, IntegrityError) as error:
        error.form = form
        raise


class MemberInlineFormSet(forms.BaseInlineFormSet):
    """The group page's members: one roster read for all rows, saved through the services.

    ``actor_user`` is set by the admin on the class it builds for each request.
    """

    actor_user: AbstractBaseUser | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = site_admin_actor(group=self.instance, user=self.actor_user)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if not hasattr(self, "_roster"):
            members = list(self.instance.members.select_related("user"))
            self._roster = {"members": members, "managers": resolve_managers(members)}
        return {**kwargs, "group": self.instance, **self._roster}

    def changed_forms(self) -> list[MemberAdminForm]:
        return [form for form in self.forms if form.has_changed()]

    def clean(self):
        super().clean()
        if not any(form.errors for form in self.forms) and not self.non_form_errors():
            dry_run_member_forms(self.changed_forms(), self.actor)

    def save(self, commit=True):
        saved = apply_member_forms(self.changed_forms(), self.actor)
        # What the admin's history message (construct_change_message) reads.
        self.new_objects = [m for form, m in saved if form.instance.pk is None]
        self.changed_objects = [(m, form.changed_data) for form, m in saved if form.instance.pk]
        self.deleted_objects = []
        return [member for _, member in saved]
