"""A group's members, and setting or clearing who manages one."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from groups.api.permissions import IsAdminOrSelfOrReadOnly, IsGroupMember, MayChangeManager
from groups.api.serializers.members import (
    ManagerSerializer,
    MemberCreateSerializer,
    MemberSerializer,
    MemberUpdateSerializer,
)
from groups.api.views.groups import WRITE_ACTIONS, GroupScopedMixin
from groups.models import GroupMember
from groups.services.managers import member_clear_manager, member_set_manager
from groups.services.members import (
    member_add,
    member_add_user,
    member_deactivate,
    member_update,
)
from splitwise.throttling import UsernameLookupThrottle


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

    def get_throttles(self):
        # Adding by username answers whether an account exists (201 or 400): it spends the
        # same budget as guessing passwords does.
        if self.action == "create":
            return [UsernameLookupThrottle()]
        return super().get_throttles()

    def perform_create(self, serializer):
        data = serializer.validated_data
        if "username" in data:
            member = member_add_user(
                group=self.group, username=data["username"], actor=self.membership
            )
        else:
            member = member_add(group=self.group, name=data["name"], actor=self.membership)
        serializer.instance = member

    def perform_update(self, serializer):
        serializer.instance = member_update(
            member=serializer.instance, actor=self.membership, **serializer.validated_data
        )

    def perform_destroy(self, member):
        member_deactivate(member=member, actor=self.membership)

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
            member_clear_manager(member=member, actor=self.membership)
            return Response(status=status.HTTP_204_NO_CONTENT)
        body = ManagerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        member = member_set_manager(
            member=member, actor=self.membership, manager_id=body.validated_data["manager"]
        )
        return Response(MemberSerializer(member, context=self.get_serializer_context()).data)
