"""Groups, their balance sheet, and the base of every route under groups/{group_pk}/."""

from functools import cached_property

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from groups.api.parsers import PARSERS
from groups.api.permissions import IsGroupAdminOrReadOnly, IsGroupMember
from groups.api.schema import ID_PATTERN, IdPathSchema
from groups.api.serializers.balances import BalanceSheetSerializer
from groups.api.serializers.groups import GroupSerializer
from groups.api.views.portability import PortabilityMixin
from groups.models import Group, GroupMember
from groups.selectors.balances import member_balance_sheet
from groups.selectors.groups import groups_for_user, membership_or_404
from groups.services.groups import group_create, group_delete, group_update

# The actions whose body a write serializer reads.
WRITE_ACTIONS = {"create", "update", "partial_update"}


class GroupViewSet(PortabilityMixin, viewsets.ModelViewSet):
    """The caller's groups; members read them, admins rename or delete them; export, import."""

    queryset = Group.objects.all()
    serializer_class = GroupSerializer
    permission_classes = [IsAuthenticated, IsGroupAdminOrReadOnly]
    parser_classes = PARSERS
    lookup_value_regex = ID_PATTERN
    schema = IdPathSchema()

    def get_queryset(self):
        return groups_for_user(self.request.user).select_related("created_by")

    def perform_create(self, serializer):
        serializer.instance = group_create(creator=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        group = serializer.instance
        actor = membership_or_404(group, self.request.user)
        serializer.instance = group_update(group=group, actor=actor, **serializer.validated_data)

    def perform_destroy(self, group):
        group_delete(group=group, actor=membership_or_404(group, self.request.user))

    @extend_schema(responses=BalanceSheetSerializer)
    @action(detail=True, methods=["get"], serializer_class=BalanceSheetSerializer)
    def balances(self, request, pk=None):
        """Members' balances, households folded into parties, and the fewest transfers."""
        sheet = member_balance_sheet(request.user, int(pk))
        if sheet is None:
            # Worded as get_object() words it, like every other route of a group not theirs.
            raise Http404(f"No {Group._meta.object_name} matches the given query.")
        self.check_object_permissions(request, sheet.group)
        return Response(BalanceSheetSerializer(sheet).data)


class GroupScopedMixin:
    """For routes under groups/{group_pk}/: the caller must be an active member, else 404."""

    permission_classes = [IsAuthenticated, IsGroupMember]
    parser_classes = PARSERS
    lookup_value_regex = ID_PATTERN
    schema = IdPathSchema()

    @cached_property
    def group(self) -> Group:
        return get_object_or_404(groups_for_user(self.request.user), pk=self.kwargs["group_pk"])

    @cached_property
    def membership(self) -> GroupMember:
        return membership_or_404(self.group, self.request.user)
