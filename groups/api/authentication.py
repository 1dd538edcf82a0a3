"""How API callers prove who they are."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from groups.selectors.accounts import token_with_user


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, with the lookup every API request makes compiled once."""

    def authenticate_credentials(self, key):
        token = token_with_user(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
