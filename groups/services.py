"""Every write to groups, members, expenses and payments: one function, one transaction.

Views, the admin and the web pages call these, so the rules live in one place. A broken
business rule raises Django's ``ValidationError`` naming the field; a caller without the right
raises ``PermissionDenied``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal

from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework.authtoken.models import Token

from groups import management_rules
from groups.models import Expense, Group, GroupMember, Share
from groups.money import SplitError, parse_amount, split_amount
from groups.selectors import member_balance


@dataclass(frozen=True)
class Participant:
    """A member taking part in a split, with their exact part, percentage or weight."""

    member_id: int
    value: Decimal | None = None


@dataclass(frozen=True)
class Payer:
    """A member who paid part of an expense."""

    member_id: int
    amount: Decimal


# --- groups -------------------------------------------------------------------------------


@transaction.atomic
def group_create(*, creator: User, name: str, currency: str = "EUR") -> Group:
    """Create a group with its creator as the first member and admin."""
    group = Group(name=name, currency=currency.upper(), created_by=creator)
    group.full_clean()
    group.save()
    GroupMember.objects.create(
        group=group, user=creator, name=creator.username, role=GroupMember.Role.ADMIN
    )
    return group


@transaction.atomic
def group_update(*, group: Group, actor: GroupMember, **changes) -> Group:
    """Rename a group or change its currency (admins only)."""
    _require_admin(actor)
    for field in ("name", "currency"):
        if field in changes:
            setattr(group, field, changes[field].upper() if field == "currency" else changes[field])
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_delete(*, group: Group, actor: GroupMember) -> None:
    """Delete a group with everything in it (admins only)."""
    _require_admin(actor)
    group.delete()


# --- members ------------------------------------------------------------------------------


@transaction.atomic
def member_add(*, group: Group, name: str = "", user: User | None = None) -> GroupMember:
    """Add a guest by name, or a registered user (named after their username by default)."""
    if user is not None:
        if group.members.filter(user=user).exists():
            raise ValidationError({"username": f"{user.username} is already a member."})
        name = name or user.username
    name = name.strip()
    if group.members.filter(name=name).exists():
        raise ValidationError({"name": f"A member named {name!r} already exists in this group."})
    member = GroupMember(group=group, user=user, name=name)
    member.full_clean(validate_constraints=False)
    member.save()
    return member


@transaction.atomic
def member_update(*, member: GroupMember, actor: GroupMember, **changes) -> GroupMember:
    """Rename a member, change their role or reactivate them (admins; anyone may rename self)."""
    if set(changes) - {"name"} or actor.pk != member.pk:
        _require_admin(actor)
    if "name" in changes:
        name = changes["name"].strip()
        if member.group.members.filter(name=name).exclude(pk=member.pk).exists():
            raise ValidationError({"name": f"A member named {name!r} already exists."})
        member.name = name
    if "role" in changes:
        if changes["role"] != GroupMember.Role.ADMIN and member.is_admin:
            _require_another_admin(member)
        member.role = changes["role"]
    if changes.get("active") is True:
        member.is_active = True
    elif changes.get("active") is False:
        raise ValidationError({"active": "Use DELETE to deactivate a member."})
    member.full_clean(validate_constraints=False)
    member.save()
    return member


@transaction.atomic
def member_deactivate(*, member: GroupMember, actor: GroupMember) -> GroupMember:
    """A member leaves (or an admin removes them): only with a zero balance.

    The members they managed become unmanaged (rule 4), and they stop being managed.
    """
    if actor.pk != member.pk:
        _require_admin(actor)
    _lock_group(member.group_id)
    member.refresh_from_db()
    if not member.is_active:
        return member
    balance = member_balance(member)
    if balance != 0:
        raise ValidationError(
            {"balance": f"{member.name} has a balance of {balance}; settle it before leaving."}
        )
    if member.is_admin:
        _require_another_admin(member)
    GroupMember.objects.managed_by(member).update(managed_by_type=None, managed_by_id=None)
    member.is_active = False
    member.managed_by_type = None
    member.managed_by_id = None
    member.save(update_fields=["is_active", "managed_by_type", "managed_by_id"])
    return member


def member_set_manager(
    *, member: GroupMember, actor: GroupMember, manager_id: object
) -> GroupMember:
    """Make ``manager_id`` the manager of ``member`` (rules 1-3), as ``actor``."""
    management_rules.check_may_set(actor=actor, member=member)
    manager_pk = management_rules.parse_manager_id(manager_id)
    with transaction.atomic():
        # One management change per group at a time, so two concurrent changes cannot
        # together build a chain that neither would have allowed alone.
        _lock_group(member.group_id)
        member.refresh_from_db()
        manager = GroupMember.objects.filter(pk=manager_pk, group_id=member.group_id).first()
        management_rules.check_may_set_to(actor=actor, member=member, manager=manager)
        management_rules.validate_manager(member=member, manager=manager)
        member.managed_by = manager.user if manager.user_id else manager
        member.save(update_fields=["managed_by_type", "managed_by_id"])
    return member


@transaction.atomic
def member_clear_manager(*, member: GroupMember, actor: GroupMember) -> GroupMember:
    """Clear ``member``'s manager, as ``actor``; clearing an unmanaged member is a no-op."""
    _lock_group(member.group_id)
    member.refresh_from_db()
    management_rules.check_may_clear(actor=actor, member=member)
    if member.managed_by_id is not None:
        member.managed_by_type = None
        member.managed_by_id = None
        member.save(update_fields=["managed_by_type", "managed_by_id"])
    return member


@transaction.atomic
def user_register(*, username: str, password: str) -> User:
    """Create a user account (Django's password validators apply) with its API token."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": "A user with that username already exists."})
    user = User(username=username)
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.full_clean(validate_unique=False)
    user.save()
    Token.objects.create(user=user)
    return user


@transaction.atomic
def user_memberships_detach(*, user: User) -> None:
    """Before a user account is deleted: whom they managed becomes unmanaged (rule 4), and
    each group it administered keeps an admin who can log in.
    """
    user_type = ContentType.objects.get_for_model(User)
    managed = GroupMember.objects.filter(managed_by_type=user_type, managed_by_id=user.pk)
    # Lock the groups involved, as every management change does, so that a claim made at the
    # same moment cannot store a manager who is about to disappear.
    involved = GroupMember.objects.filter(
        Q(user=user) | Q(managed_by_type=user_type, managed_by_id=user.pk)
    )
    for group_id in sorted(set(involved.values_list("group_id", flat=True))):
        _lock_group(group_id)
    managed.update(managed_by_type=None, managed_by_id=None)
    for membership in user.memberships.filter(role=GroupMember.Role.ADMIN, is_active=True):
        _hand_over_admin(membership)


def _hand_over_admin(leaving: GroupMember) -> None:
    """Keep someone able to administer ``leaving``'s group once they can no longer log in.

    The longest-standing active registered member becomes admin, unless another one already is.
    """
    others = leaving.group.members.filter(is_active=True, user__isnull=False).exclude(pk=leaving.pk)
    if others.filter(role=GroupMember.Role.ADMIN).exists():
        return
    successor = others.order_by("joined_at", "id").first()
    if successor is not None:
        successor.role = GroupMember.Role.ADMIN
        successor.save(update_fields=["role"])


# --- expenses and payments -----------------------------------------------------------------


@transaction.atomic
def expense_create(
    *,
    group: Group,
    created_by: User | None,
    description: str,
    amount: object,
    split: str,
    participants: Sequence[Participant],
    payers: Sequence[Payer],
    date: Date | None = None,
    category: str = "",
) -> Expense:
    """Record an expense split among participants and paid by one or more payers."""
    expense = Expense(group=group, created_by=created_by, kind=Expense.Kind.EXPENSE)
    return _expense_write(
        expense,
        description=description,
        amount=amount,
        split=split,
        participants=participants,
        payers=payers,
        date=date,
        category=category,
    )


@transaction.atomic
def expense_update(
    *,
    expense: Expense,
    description: str | None = None,
    date: Date | None = None,
    category: str | None = None,
    amount: object = None,
    split: str | None = None,
    participants: Sequence[Participant] | None = None,
    payers: Sequence[Payer] | None = None,
) -> Expense:
    """Change an expense; a new amount, split, participants or payers replaces all its shares."""
    if expense.kind == Expense.Kind.PAYMENT:
        raise ValidationError(
            {"kind": "A payment cannot be edited: delete it and record it again."}
        )
    money_fields = {
        "amount": amount,
        "split": split,
        "participants": participants,
        "payers": payers,
    }
    if all(value is None for value in money_fields.values()):
        for field, value in {
            "description": description,
            "date": date,
            "category": category,
        }.items():
            if value is not None:
                setattr(expense, field, value)
        expense.full_clean(exclude=["group"], validate_constraints=False)
        expense.save()
        return expense
    _require_all_shareholders_active(expense)
    missing = [field for field, value in money_fields.items() if value is None]
    if missing:
        raise ValidationError(
            dict.fromkeys(missing, "Required when changing the amount or the split.")
        )
    return _expense_write(
        expense,
        description=description if description is not None else expense.description,
        amount=amount,
        split=split,
        participants=participants,
        payers=payers,
        date=date or expense.date,
        category=category if category is not None else expense.category,
    )


@transaction.atomic
def expense_delete(*, expense: Expense) -> None:
    """Delete an expense or payment with its shares."""
    _require_all_shareholders_active(expense)
    expense.delete()


@transaction.atomic
def payment_create(
    *,
    group: Group,
    created_by: User | None,
    from_member_id: int,
    to_member_id: int,
    amount: object,
    date: Date | None = None,
    description: str = "",
) -> Expense:
    """Record that one member paid another: the payer's balance rises, the payee's falls."""
    if from_member_id == to_member_id:
        raise ValidationError({"to_member": "A payment must go to another member."})
    _lock_group(group.pk)
    members = _active_members(group, {from_member_id: "from_member", to_member_id: "to_member"})
    value = _parse_money(amount, "amount")
    payment = Expense(
        group=group,
        created_by=created_by,
        kind=Expense.Kind.PAYMENT,
        split=Expense.Split.EXACT,
        description=description or f"{members[from_member_id]} paid {members[to_member_id]}",
        amount=value,
        date=date or timezone.localdate(),
    )
    payment.full_clean(exclude=["group"], validate_constraints=False)
    payment.save()
    Share.objects.bulk_create(
        [
            Share(expense=payment, group=group, member_id=from_member_id, paid=value, owed=0),
            Share(expense=payment, group=group, member_id=to_member_id, paid=0, owed=value),
        ]
    )
    return payment


def _expense_write(
    expense: Expense,
    *,
    description: str,
    amount: object,
    split: str,
    participants: Sequence[Participant],
    payers: Sequence[Payer],
    date: Date | None,
    category: str,
) -> Expense:
    group = expense.group
    # Under the group's lock, no member can leave between being checked and getting a share.
    _lock_group(group.pk)
    value = _parse_money(amount, "amount")
    if not participants:
        raise ValidationError({"participants": "Name at least one participant."})
    if not payers:
        raise ValidationError({"paid_by": "Name who paid."})
    participant_ids = [p.member_id for p in participants]
    payer_ids = [p.member_id for p in payers]
    _require_distinct(participant_ids, "participants")
    _require_distinct(payer_ids, "payers")
    _active_members(group, dict.fromkeys(participant_ids, "participants"))
    _active_members(group, dict.fromkeys(payer_ids, "payers"))

    try:
        owed_parts = split_amount(value, split, [p.value for p in participants])
    except SplitError as error:
        raise ValidationError({error.field: str(error)}) from None
    paid_parts = [_parse_money(p.amount, "payers") for p in payers]
    if sum(paid_parts) != value:
        raise ValidationError(
            {"payers": f"The payers' amounts add up to {sum(paid_parts)}, not {value}."}
        )

    expense.description = description
    expense.amount = value
    expense.split = split
    expense.date = date or timezone.localdate()
    expense.category = category
    expense.full_clean(exclude=["group"], validate_constraints=False)
    replacing = expense.pk is not None
    expense.save()
    if replacing:
        expense.shares.all().delete()

    rows: dict[int, Share] = {}
    for member_id, paid in zip(payer_ids, paid_parts, strict=True):
        rows[member_id] = Share(expense=expense, group=group, member_id=member_id, paid=paid)
    for member_id, owed in zip(participant_ids, owed_parts, strict=True):
        share = rows.setdefault(
            member_id, Share(expense=expense, group=group, member_id=member_id, paid=Decimal(0))
        )
        share.owed = owed
    Share.objects.bulk_create(rows.values())
    return expense


# --- helpers -------------------------------------------------------------------------------


def _parse_money(value: object, field: str) -> Decimal:
    try:
        return parse_amount(value, field=field)
    except SplitError as error:
        raise ValidationError({error.field: str(error)}) from None


def _require_distinct(member_ids: list[int], field: str) -> None:
    if len(set(member_ids)) != len(member_ids):
        raise ValidationError({field: "Each member may be listed only once."})


def _active_members(group: Group, fields_by_id: dict[int, str]) -> dict[int, GroupMember]:
    """The named members, checked to be active members of ``group``."""
    found = {
        m.pk: m
        for m in GroupMember.objects.filter(group=group, is_active=True, pk__in=fields_by_id)
    }
    for member_id, field in fields_by_id.items():
        if member_id not in found:
            raise ValidationError({field: f"{member_id} is not an active member of this group."})
    return found


def _require_admin(actor: GroupMember) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Only a group admin may do this.")


def _require_another_admin(member: GroupMember) -> None:
    others = member.group.members.filter(role=GroupMember.Role.ADMIN, is_active=True)
    if not others.exclude(pk=member.pk).exists():
        raise ValidationError({"role": "A group needs at least one active admin."})


def _lock_group(group_id: int) -> None:
    # SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions already serialise.
    list(Group.objects.select_for_update().filter(pk=group_id).values_list("pk", flat=True))


def _require_all_shareholders_active(expense: Expense) -> None:
    # A member leaves only with a zero balance; changing the shares of someone who has left
    # would give them a balance nobody could settle.
    departed = expense.shares.filter(member__is_active=False).values_list("member__name", flat=True)
    if departed:
        names = ", ".join(departed)
        raise ValidationError({"shares": f"This involves {names}, who left the group."})
