"""Groups."""

from rest_framework import serializers

from groups.api.serializers.accounts import UserRefSerializer
from groups.api.serializers.fields import StrictCharField
from groups.models import Group


class GroupSerializer(serializers.ModelSerializer):
    """A group; the currency is an ISO 4217 code (checked by the service)."""

    name = StrictCharField(max_length=100)
    currency = StrictCharField(max_length=3, required=False)
    created_by = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Group
        fields = ["id", "name", "currency", "created_by", "created_at"]
        read_only_fields = ["created_at"]
