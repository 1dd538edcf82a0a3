"""Registering an account and obtaining its API token."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from groups.api.parsers import AUTH_PARSERS
from groups.api.serializers.accounts import (
    LoginSerializer,
    RegisteredSerializer,
    RegisterSerializer,
    TokenSerializer,
)
from groups.services.accounts import user_register
from splitwise.throttling import AccountLoginThrottle


class RegisterView(generics.GenericAPIView):
    """Create an account and return the token for its API calls."""

    serializer_class = RegisterSerializer
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"
    parser_classes = AUTH_PARSERS

    @extend_schema(responses={201: RegisteredSerializer})
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_register(**serializer.validated_data)
        body = {"token": user.auth_token.key, "id": user.pk, "username": user.get_username()}
        return Response(RegisteredSerializer(body).data, status=status.HTTP_201_CREATED)


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the account's API token."""

    serializer_class = LoginSerializer
    authentication_classes = []
    # Per client address, and per account whatever the address (failures only).
    throttle_classes = [ScopedRateThrottle, AccountLoginThrottle]
    throttle_scope = "auth"
    parser_classes = AUTH_PARSERS
    renderer_classes = api_settings.DEFAULT_RENDERER_CLASSES

    @extend_schema(request=LoginSerializer, responses=TokenSerializer)
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            AccountLoginThrottle().record_failure(request)
            raise
