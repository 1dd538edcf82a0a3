"""User accounts as other users name them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser


def user_by_username(username: str) -> AbstractBaseUser | None:
    """The account called ``username``, if there is one."""
    User = get_user_model()
    return User.objects.filter(**{User.USERNAME_FIELD: username}).first()
