"""Accounts: registering, and the token an API client authenticates with."""

from django.contrib.auth.validators import UnicodeUsernameValidator
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from groups.api.serializers.fields import StrictCharField


class UserRefSerializer(serializers.Serializer):
    """A registered user as other users see them."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)


class RegisterSerializer(serializers.Serializer):
    """A new account: a username and a password that passes Django's validators."""

    username = StrictCharField(max_length=150, validators=[UnicodeUsernameValidator()])
    password = StrictCharField(
        max_length=4096, write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )


class LoginSerializer(AuthTokenSerializer):
    """A username and password to exchange for the account's token; text only."""

    username = StrictCharField(label="Username", write_only=True)
    password = StrictCharField(
        label="Password", write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )


class RegisteredSerializer(serializers.Serializer):
    """The new account and the token to authenticate its API calls with."""

    token = serializers.CharField(read_only=True)
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)


class TokenSerializer(serializers.Serializer):
    """An API token, sent as the header "Authorization: Token <token>"."""

    token = serializers.CharField(read_only=True)
