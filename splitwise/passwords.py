"""Password rules beyond Django's own validators (settings.AUTH_PASSWORD_VALIDATORS).

Passwords are never trimmed: spaces are characters like any other, so a passphrase keeps them.
That is also why Django's MinimumLengthValidator lets eight spaces through; here the length
that counts is the characters other than whitespace.
"""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError

from groups.domain.names import fold


class VisibleLengthValidator(MinimumLengthValidator):
    """At least ``min_length`` characters that are not whitespace."""

    def validate(self, password, user=None):
        if len("".join(password.split())) < self.min_length:
            raise ValidationError(
                f"This password is too short. It must contain at least {self.min_length} "
                "characters other than spaces.",
                code="password_too_short",
            )

    def get_help_text(self):
        return (
            f"Your password must contain at least {self.min_length} characters other than spaces."
        )


class UsernameNotInPasswordValidator:
    """The username, in any case, is not part of the password.

    Django's UserAttributeSimilarityValidator compares the whole password with the username,
    so "dorothea-is-great" passes it; anyone who knows the username would guess it first.
    """

    def validate(self, password, user=None):
        username = fold(user.get_username()) if user is not None else ""
        if len(username) >= 3 and username in fold(password):
            raise ValidationError(
                "The password cannot contain the username.", code="password_contains_username"
            )

    def get_help_text(self):
        return "Your password cannot contain your username."
