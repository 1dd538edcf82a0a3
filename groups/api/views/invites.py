"""Invite links: an admin makes or disables a group's link; anyone signed in joins through it."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from groups.api.parsers import PARSERS
from groups.api.permissions import IsGroupAdmin, IsGroupMember
from groups.api.serializers.invites import InviteInfoSerializer, InviteSerializer, JoinSerializer
from groups.api.serializers.members import MemberSerializer
from groups.api.views.groups import GroupScopedMixin
from groups.models import InviteLink
from groups.selectors import invites
from groups.services.invites import invite_create, invite_disable, invite_join

TOKEN_PATTERN = r"[A-Za-z0-9_-]{1,64}"


class GroupInviteView(GroupScopedMixin, generics.GenericAPIView):
    """A group's invite link (admins): read it, make a new one (the old one stops), disable it."""

    queryset = InviteLink.objects.all()
    serializer_class = InviteSerializer
    permission_classes = [IsAuthenticated, IsGroupMember, IsGroupAdmin]

    def link(self, invite: InviteLink) -> dict:
        url = self.request.build_absolute_uri(invites.join_path(invite))
        return InviteSerializer({"token": invite.token, "url": url}).data

    @extend_schema(
        responses={
            200: InviteSerializer,
            404: OpenApiResponse(description="The group has no working invite link."),
        }
    )
    def get(self, request, group_pk=None):
        invite = invites.active_invite(self.group)
        if invite is None:
            raise NotFound("This group has no invite link.")
        return Response(self.link(invite))

    @extend_schema(request=None, responses={201: InviteSerializer})
    def post(self, request, group_pk=None):
        invite = invite_create(group=self.group, actor=self.membership)
        return Response(self.link(invite), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, group_pk=None):
        invite_disable(group=self.group, actor=self.membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InviteViewSet(viewsets.GenericViewSet):
    """An invite link as its holder sees it, and joining through it (throttled like sign-in)."""

    queryset = InviteLink.objects.active()
    serializer_class = InviteInfoSerializer
    lookup_field = "token"
    lookup_value_regex = TOKEN_PATTERN
    parser_classes = PARSERS
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    def get_object(self) -> InviteLink:
        invite = invites.invite_by_token(self.kwargs["token"])
        if invite is None:
            raise NotFound("This invite link does not exist or no longer works.")
        return invite

    def retrieve(self, request, token=None):
        """The group an invite leads to, and the guests one may claim as oneself."""
        invite = self.get_object()
        member = invites.membership_for_invite(invite, request.user)
        body = {
            "group": invite.group,
            "guests": invites.claimable_guests(invite.group),
            "member": member.pk if member else None,
        }
        return Response(InviteInfoSerializer(body).data)

    @extend_schema(
        request=JoinSerializer,
        responses={201: MemberSerializer, 200: MemberSerializer},
        description="Join the group (201), or 200 when already a member. With claim: join as "
        "that guest, keeping its history and its manager.",
    )
    @action(detail=True, methods=["post"], serializer_class=JoinSerializer)
    def join(self, request, token=None):
        invite = self.get_object()
        body = JoinSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            joined = invite_join(
                invite=invite,
                user=request.user,
                claim=body.validated_data.get("claim"),
                name=body.validated_data.get("name", ""),
            )
        except InviteLink.DoesNotExist:
            raise NotFound("This invite link no longer works.") from None
        data = MemberSerializer(joined.member, context=self.get_serializer_context()).data
        return Response(
            data, status=status.HTTP_201_CREATED if joined.created else status.HTTP_200_OK
        )
