"""User accounts as other users name them (whatever the case, as the names rules compare), and
as their API tokens find them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import DEFAULT_DB_ALIAS
from rest_framework.authtoken.models import Token

from groups.domain.names import fold, normalize
from groups.selectors.prepared import PreparedRows, model_columns


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


def token_with_user(key: str) -> Token | None:
    """The API token ``key``, with its user, or None: one query, compiled once (``prepared``).

    Every API request asks it; the ORM's ``select_related("user").get(key=...)`` spent more
    time compiling the query than the database spent answering it.
    """
    if "\0" in key:  # no token has one, and PostgreSQL refuses it in a text value
        return None
    rows = _token_rows(key)
    if not rows:
        return None
    values = rows[0]
    token = Token.from_db(DEFAULT_DB_ALIAS, _TOKEN_COLUMNS, values[: len(_TOKEN_COLUMNS)])
    token.user = get_user_model().from_db(
        DEFAULT_DB_ALIAS, _USER_COLUMNS, values[len(_TOKEN_COLUMNS) :]
    )
    return token


_TOKEN_COLUMNS = model_columns(Token)
_USER_COLUMNS = model_columns(get_user_model())


_token_rows = PreparedRows(
    lambda key: Token.objects.filter(key=key).values_list(
        *_TOKEN_COLUMNS, *(f"user__{column}" for column in _USER_COLUMNS)
    ),
    marker="\0",
)
