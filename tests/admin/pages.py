"""The admin's pages and forms as a browser sees and posts them."""

from django.urls import reverse

from groups.models import GroupMember


def group_url(group):
    return reverse("admin:groups_group_change", args=[group.pk])


def member_url(member):
    return reverse("admin:groups_groupmember_change", args=[member.pk])


def manager_member_id(member, group):
    """The member id of ``member``'s manager, as the admin's choice field speaks it."""
    member.refresh_from_db()
    target = member.managed_by
    if target is None:
        return ""
    if isinstance(target, GroupMember):
        return target.pk
    return group.members.get(user=target).pk


def group_form(group, managers=None, extra=None):
    """The group change page's POST body as the browser sends it, with ``managers`` changed.

    ``managers`` maps a member to its new manager's member id ("" to clear).
    """
    managers = {m.pk: v for m, v in (managers or {}).items()}
    members = list(group.members.order_by("id"))
    rows = [*members, *([None] if extra else [])]
    data = {
        "name": group.name,
        "currency": group.currency,
        "members-TOTAL_FORMS": str(len(rows)),
        "members-INITIAL_FORMS": str(len(members)),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for index, member in enumerate(rows):
        prefix = f"members-{index}-"
        if member is None:
            data.update({f"{prefix}{key}": value for key, value in extra.items()})
            data[f"{prefix}group"] = str(group.pk)
            continue
        data.update(
            {
                f"{prefix}id": str(member.pk),
                f"{prefix}group": str(group.pk),
                f"{prefix}name": member.name,
                f"{prefix}user": str(member.user_id or ""),
                f"{prefix}role": member.role,
                f"{prefix}manager": str(managers.get(member.pk, manager_member_id(member, group))),
            }
        )
        if member.is_active:
            data[f"{prefix}is_active"] = "on"
    return data


def inline_forms(response):
    return response.context["inline_admin_formsets"][0].formset.forms


def choice_ids(form):
    return {value for value, _ in form.fields["manager"].choices if value != ""}
