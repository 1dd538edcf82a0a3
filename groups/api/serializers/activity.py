"""The activity log."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from groups.api.serializers.accounts import UserRefSerializer
from groups.models import Activity


class ObjectRefSerializer(serializers.Serializer):
    """What an entry is about: its type (expense, payment, member, group …) and id."""

    type = serializers.CharField(read_only=True)
    id = serializers.IntegerField(read_only=True, allow_null=True)


class ActivitySerializer(serializers.ModelSerializer):
    """One change: who made it, what it was, and (for an update) what changed."""

    actor = UserRefSerializer(read_only=True, allow_null=True)
    object = serializers.SerializerMethodField()
    changes = serializers.JSONField(
        read_only=True, help_text='An update\'s {"field": {"before": …, "after": …}}.'
    )

    class Meta:
        model = Activity
        fields = ["id", "at", "actor", "action", "object", "summary", "changes"]
        read_only_fields = fields

    @extend_schema_field(ObjectRefSerializer)
    def get_object(self, entry: Activity) -> dict:
        return {"type": entry.object_type, "id": entry.object_id}
