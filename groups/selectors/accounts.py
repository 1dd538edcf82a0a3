"""User accounts as other users name them: whatever the case, as the names rules compare."""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser

from groups.domain.names import fold, normalize


def user_by_username(username: str) -> AbstractBaseUser | None:
    """The active account called ``username`` in any case ("CARL" finds "Carl"), if one is.

    Should older accounts differ only in case, the exact spelling decides; without it, none.
    """
    wanted = normalize(username)
    candidates = [
        user for user in _same_name(wanted) if getattr(user, "is_active", True) is not False
    ]
    exact = [user for user in candidates if user.get_username() == wanted]
    if exact or len(candidates) == 1:
        return (exact or candidates)[0]
    return None


def username_taken(username: str) -> bool:
    """Whether an account already has ``username``, compared as names are (case folded)."""
    return bool(_same_name(normalize(username)))


def _same_name(username: str) -> list[AbstractBaseUser]:
    User = get_user_model()
    field = User.USERNAME_FIELD
    # The database compares case for ASCII letters on every backend; SQLite folds no other
    # letter, so names with others are compared here, among the names that have any.
    query = User.objects.filter(**{f"{field}__iexact": username})
    if not username.isascii():
        query = query | User.objects.filter(**{f"{field}__regex": r"[^ -~]"})
    return [user for user in query if fold(user.get_username()) == fold(username)]
