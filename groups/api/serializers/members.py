"""Members, and who manages them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from groups import references
from groups.api.serializers.accounts import UserRefSerializer
from groups.api.serializers.fields import MemberIdField, StrictBooleanField, StrictCharField
from groups.models import GroupMember
from groups.selectors.members import managers_of


class ManagedBySerializer(serializers.Serializer):
    """Who manages a member: the stored target (a user or a member) and its member here."""

    type = serializers.ChoiceField(choices=["user", "member"], read_only=True)
    id = serializers.IntegerField(read_only=True)
    member = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


def managed_by_data(member: GroupMember, manager: GroupMember | None) -> dict | None:
    """``member``'s managed_by as the API shows it, or None when unmanaged."""
    if member.managed_by_id is None or manager is None:
        return None
    return {
        "type": references.reference_kind(member),
        "id": member.managed_by_id,
        "member": manager.pk,
        "name": manager.name,
    }


class MemberListSerializer(serializers.ListSerializer):
    """Resolves the listed members' managers together, not one query per member."""

    def to_representation(self, data):
        members = list(data.all() if hasattr(data, "all") else data)
        self.context["managers"] = managers_of(members)
        return super().to_representation(members)


class MemberSerializer(serializers.ModelSerializer):
    """A member as the API shows it, with who manages them."""

    user = UserRefSerializer(read_only=True, allow_null=True)
    active = serializers.BooleanField(source="is_active", read_only=True)
    managed_by = serializers.SerializerMethodField()

    class Meta:
        model = GroupMember
        fields = ["id", "name", "user", "role", "active", "managed_by"]
        read_only_fields = fields
        list_serializer_class = MemberListSerializer

    @extend_schema_field(ManagedBySerializer(allow_null=True))
    def get_managed_by(self, member: GroupMember) -> dict | None:
        if member.managed_by_id is None:
            return None
        managers = self.context.get("managers")
        if managers is None:
            managers = managers_of([member])
        return managed_by_data(member, managers.get(member.pk))


class MemberCreateSerializer(serializers.Serializer):
    """A new member: a guest by name, or a registered user by username (one of the two)."""

    name = StrictCharField(max_length=100, required=False)
    username = StrictCharField(max_length=150, required=False)

    def validate(self, attrs):
        if ("name" in attrs) == ("username" in attrs):
            raise serializers.ValidationError(
                {"name": "Give either a guest's name or a registered user's username."}
            )
        return attrs

    def to_representation(self, member):
        return MemberSerializer(member, context=self.context).data


class MemberUpdateSerializer(serializers.Serializer):
    """Changes to a member: a new name, and (admins only) the role or reactivation."""

    name = StrictCharField(max_length=100, required=False)
    role = serializers.ChoiceField(choices=GroupMember.Role.choices, required=False)
    active = StrictBooleanField(required=False)

    def to_representation(self, member):
        return MemberSerializer(member, context=self.context).data


class ManagerSerializer(serializers.Serializer):
    """Who becomes the member's manager (read by the service, after its permission check)."""

    manager = MemberIdField(help_text="The id of the member who becomes the manager.")
