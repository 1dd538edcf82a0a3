"""The REST API: every read scoped to the caller's groups, every write through a service."""

import codecs
import re
from collections.abc import Mapping
from contextlib import contextmanager
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, parsers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.utils import json

from groups import selectors, services
from groups.filters import ExpenseFilter
from groups.models import Expense, Group, GroupMember
from groups.permissions import (
    IsAdminOrSelfOrReadOnly,
    IsGroupAdminOrReadOnly,
    IsGroupMember,
    MayChangeManager,
)
from groups.serializers import (
    BalanceSheetSerializer,
    ExpenseSerializer,
    ExpenseWriteSerializer,
    GroupSerializer,
    ManagerSerializer,
    MemberCreateSerializer,
    MemberSerializer,
    MemberUpdateSerializer,
    PaymentWriteSerializer,
    RegisteredSerializer,
    RegisterSerializer,
    TokenSerializer,
)

# Ids in URLs: at most 18 digits, so every id that matches fits a 64-bit column and anything
# longer is a 404 rather than an overflow in the database.
ID_PATTERN = r"[0-9]{1,18}"
WRITE_ACTIONS = {"create", "update", "partial_update"}


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with exact numbers and a 400 (not 500) for JSON nested too deeply.

    JSON numbers with a fraction become Decimal, never float: 5.0000000000000001 must reach
    the money rules as written (and be refused), not rounded to 5.0 on the way.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.load(codecs.getreader(encoding)(stream), parse_float=Decimal)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None


# Group routes speak JSON only: their bodies nest (participants, payers), and a form's
# everything-is-text would blur the types the serializers check. The login-like auth endpoints
# also take forms, as DRF's token view always has.
PARSERS = [JSONParser]
AUTH_PARSERS = [JSONParser, parsers.FormParser, parsers.MultiPartParser]


class IdPathSchema(AutoSchema):
    """Documents the ids in our URLs as integers (their regex alone would read as strings)."""

    def get_override_parameters(self):
        names = re.findall(r"{(\w+)}", self.path)
        ids = [OpenApiParameter(name, int, OpenApiParameter.PATH) for name in names]
        return [*ids, *super().get_override_parameters()]


@contextmanager
def errors_renamed(renames: Mapping[str, str]):
    """Report a service's field errors under the names the client used for those fields."""
    try:
        yield
    except DjangoValidationError as error:
        if not renames or not hasattr(error, "error_dict"):
            raise
        fields = {renames.get(name, name): errors for name, errors in error.error_dict.items()}
        raise DjangoValidationError(fields) from None


def membership_or_404(group: Group, user) -> GroupMember:
    """``user``'s active membership of ``group``; without one the group does not exist for them."""
    membership = selectors.membership_of(group, user)
    if membership is None:
        raise Http404
    return membership


# --- accounts -------------------------------------------------------------------------------


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
        user = services.user_register(**serializer.validated_data)
        body = {"token": user.auth_token.key, "id": user.pk, "username": user.username}
        return Response(RegisteredSerializer(body).data, status=status.HTTP_201_CREATED)


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the account's API token."""

    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"
    parser_classes = AUTH_PARSERS
    renderer_classes = api_settings.DEFAULT_RENDERER_CLASSES

    @extend_schema(request=AuthTokenSerializer, responses=TokenSerializer)
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


# --- groups ---------------------------------------------------------------------------------


class GroupViewSet(viewsets.ModelViewSet):
    """The caller's groups; members read them, admins rename or delete them."""

    queryset = Group.objects.all()
    serializer_class = GroupSerializer
    permission_classes = [IsAuthenticated, IsGroupAdminOrReadOnly]
    parser_classes = PARSERS
    lookup_value_regex = ID_PATTERN
    schema = IdPathSchema()

    def get_queryset(self):
        return selectors.groups_for_user(self.request.user).select_related("created_by")

    def perform_create(self, serializer):
        serializer.instance = services.group_create(
            creator=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        group = serializer.instance
        actor = membership_or_404(group, self.request.user)
        serializer.instance = services.group_update(
            group=group, actor=actor, **serializer.validated_data
        )

    def perform_destroy(self, group):
        services.group_delete(group=group, actor=membership_or_404(group, self.request.user))

    @extend_schema(responses=BalanceSheetSerializer)
    @action(detail=True, methods=["get"], serializer_class=BalanceSheetSerializer)
    def balances(self, request, pk=None):
        """Members' balances, households folded into parties, and the fewest transfers."""
        sheet = selectors.group_balance_sheet(self.get_object())
        return Response(BalanceSheetSerializer(sheet).data)


class GroupScopedMixin:
    """For routes under groups/{group_pk}/: the caller must be an active member, else 404."""

    permission_classes = [IsAuthenticated, IsGroupMember]
    parser_classes = PARSERS
    lookup_value_regex = ID_PATTERN
    schema = IdPathSchema()

    @cached_property
    def group(self) -> Group:
        groups = selectors.groups_for_user(self.request.user)
        return get_object_or_404(groups, pk=self.kwargs["group_pk"])

    @cached_property
    def membership(self) -> GroupMember:
        return membership_or_404(self.group, self.request.user)


# --- members --------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(responses={201: MemberSerializer}),
    update=extend_schema(responses=MemberSerializer),
    partial_update=extend_schema(responses=MemberSerializer),
    destroy=extend_schema(description="The member leaves the group (only with a zero balance)."),
)
class MemberViewSet(GroupScopedMixin, viewsets.ModelViewSet):
    """A group's members: any member adds guests or users; admins change roles and remove."""

    queryset = GroupMember.objects.all()
    serializer_class = MemberSerializer
    permission_classes = [IsAuthenticated, IsGroupMember, IsAdminOrSelfOrReadOnly]

    def get_queryset(self):
        return GroupMember.objects.filter(group=self.group).select_related("user")

    def get_serializer_class(self):
        if self.action == "create":
            return MemberCreateSerializer
        if self.action in WRITE_ACTIONS:
            return MemberUpdateSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer):
        data = serializer.validated_data
        # A user is named after their username, so a clash of names is about the username.
        with errors_renamed({"name": "username"} if "username" in data else {}):
            serializer.instance = services.member_add(
                group=self.group, name=data.get("name", ""), user=data.get("username")
            )

    def perform_update(self, serializer):
        serializer.instance = services.member_update(
            member=serializer.instance, actor=self.membership, **serializer.validated_data
        )

    def perform_destroy(self, member):
        services.member_deactivate(member=member, actor=self.membership)

    @extend_schema(methods=["PUT"], request=ManagerSerializer, responses=MemberSerializer)
    @extend_schema(methods=["DELETE"], request=None, responses={204: None})
    @action(
        detail=True,
        methods=["put", "delete"],
        permission_classes=[IsAuthenticated, IsGroupMember, MayChangeManager],
    )
    def manager(self, request, group_pk=None, pk=None):
        """Set (PUT {"manager": <member id>}) or clear (DELETE) who manages this member."""
        # The permission classes have already refused callers without the right (rule 3), so
        # the body is read only now: 403 comes before any 400.
        member = self.get_object()
        if request.method == "DELETE":
            services.member_clear_manager(member=member, actor=self.membership)
            return Response(status=status.HTTP_204_NO_CONTENT)
        if not isinstance(request.data, Mapping):
            raise ValidationError({"non_field_errors": ['Expected an object: {"manager": <id>}.']})
        member = services.member_set_manager(
            member=member, actor=self.membership, manager_id=request.data.get("manager")
        )
        return Response(MemberSerializer(member, context=self.get_serializer_context()).data)


# --- expenses and payments --------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(responses={201: ExpenseSerializer}),
    update=extend_schema(responses=ExpenseSerializer),
    partial_update=extend_schema(responses=ExpenseSerializer),
)
class ExpenseViewSet(GroupScopedMixin, viewsets.ModelViewSet):
    """A group's expenses and payments, newest first; any member records, edits or deletes."""

    queryset = Expense.objects.all()
    serializer_class = ExpenseSerializer
    filterset_class = ExpenseFilter

    def get_queryset(self):
        return selectors.expenses_of(self.group)

    def get_serializer_class(self):
        if self.action in WRITE_ACTIONS:
            return ExpenseWriteSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer):
        with errors_renamed(self._renames(serializer)):
            serializer.instance = services.expense_create(
                group=self.group, created_by=self.request.user, **serializer.service_arguments()
            )

    def perform_update(self, serializer):
        with errors_renamed(self._renames(serializer)):
            serializer.instance = services.expense_update(
                expense=serializer.instance, **serializer.service_arguments()
            )

    def perform_destroy(self, expense):
        services.expense_delete(expense=expense)

    @staticmethod
    def _renames(serializer) -> dict[str, str]:
        # The service knows only "payers"; a client who sent paid_by reads about paid_by.
        return {"payers": "paid_by"} if "paid_by" in serializer.validated_data else {}


@extend_schema_view(create=extend_schema(responses={201: ExpenseSerializer}))
class PaymentViewSet(
    GroupScopedMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Payments between two members of a group (also listed among its expenses)."""

    queryset = Expense.objects.filter(kind=Expense.Kind.PAYMENT)
    serializer_class = ExpenseSerializer

    def get_queryset(self):
        return selectors.expenses_of(self.group).filter(kind=Expense.Kind.PAYMENT)

    def get_serializer_class(self):
        if self.action == "create":
            return PaymentWriteSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.payment_create(
            group=self.group,
            created_by=self.request.user,
            from_member_id=data["from_member"],
            to_member_id=data["to_member"],
            amount=data["amount"],
            date=data.get("date"),
            description=data.get("description", ""),
        )
