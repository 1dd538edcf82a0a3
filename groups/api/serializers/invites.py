"""Invite links: the link an admin shares, what it shows, and joining through it."""

from rest_framework import serializers

from groups.api.serializers.fields import MemberIdField, StrictCharField


class InviteSerializer(serializers.Serializer):
    """A group's invite link: the token, and the web page that uses it."""

    token = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True)


class GroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class GuestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class InviteInfoSerializer(serializers.Serializer):
    """What an invite leads to: the group, the guests one may claim, and the caller's membership.

    ``member`` is the caller's member id when they already belong to the group, else null.
    """

    group = GroupRefSerializer(read_only=True)
    guests = GuestSerializer(many=True, read_only=True)
    member = serializers.IntegerField(read_only=True, allow_null=True)


class JoinSerializer(serializers.Serializer):
    """Joining through an invite: as a new member (optionally named), or as a guest (claim)."""

    claim = MemberIdField(
        required=False, allow_null=True, help_text='The guest who is you ("this is me").'
    )
    name = StrictCharField(
        max_length=100, required=False, help_text="Your name in the group (default: username)."
    )
