"""User accounts: registering one, and what happens to its memberships when it is deleted."""

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from rest_framework.authtoken.models import Token

from groups import references
from groups.models import GroupMember
from groups.selectors.accounts import username_taken
from groups.services.activity import record
from groups.services.common import clean_name, lock_group
from groups.services.members import hand_over_admin

# Any number that no other advisory lock of this database uses: registrations queue on it.
REGISTRATION_LOCK = 0x5A17_0001


@transaction.atomic
def user_register(*, username: str, password: str) -> AbstractBaseUser:
    """Create a user account with its API token.

    The username is normalized (NFKC) and must differ from every other one in more than case
    and hidden characters, and may not disguise letters as another script's (see
    groups.domain.names). The password passes every validator in AUTH_PASSWORD_VALIDATORS.
    """
    User = get_user_model()
    username = clean_name(username, "username")
    _serialise_registrations()
    if username_taken(username):
        raise ValidationError({"username": "A user with that username already exists."})
    user = User(**{User.USERNAME_FIELD: username})
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.full_clean(validate_unique=False)
    user.save()
    Token.objects.create(user=user)
    return user


def _serialise_registrations() -> None:
    """Make the check that a username is free and the insert one step for every registration.

    The database's unique index compares usernames exactly; ours compare them folded, so two
    registrations of "Ann" and "ANN" must not both pass the check. SQLite's IMMEDIATE
    transactions already run one at a time; on PostgreSQL a transaction-scoped advisory lock
    queues registrations (a rare write, throttled per client) until each commits.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTRATION_LOCK])


@transaction.atomic
def user_memberships_detach(*, user: AbstractBaseUser) -> None:
    """Before a user account is deleted: whom they managed becomes unmanaged (rule 4), and
    each group it administered keeps an admin who can log in.
    """
    managed = GroupMember.objects.filter(references.references_to_user(user.pk))
    # Lock the groups involved, as every management change does, so that a claim made at the
    # same moment cannot store a manager who is about to disappear.
    involved = GroupMember.objects.filter(Q(user=user) | references.references_to_user(user.pk))
    for group_id in sorted(set(involved.values_list("group_id", flat=True))):
        lock_group(group_id)
    released = {}
    for group_id, name in managed.values_list("group_id", "name"):
        released.setdefault(group_id, []).append(name)
    managed.update(managed_by_type=None, managed_by_id=None)
    successors = {}
    for membership in user.memberships.filter(role=GroupMember.Role.ADMIN, is_active=True):
        successor = hand_over_admin(membership)
        if successor is not None:
            successors[membership.group_id] = successor.name
    for membership in user.memberships.select_related("group"):
        names = released.get(membership.group_id, [])
        changes = {"user": {"before": user.get_username(), "after": None}}
        summary = f"{user.get_username()}'s account was deleted: {membership.name} stays as a guest"
        if names:
            changes["released"] = names
            summary += f"; {', '.join(names)} no longer managed"
        if membership.group_id in successors:
            changes["new_admin"] = successors[membership.group_id]
            summary += f"; {successors[membership.group_id]} is now an admin"
        record(
            actor=None,
            group=membership.group,
            action="member.updated",
            obj=membership,
            changes=changes,
            summary=summary,
        )
