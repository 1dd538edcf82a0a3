"""The group's rate table, its categories and the comments on an expense."""

from rest_framework import serializers

from groups.api.serializers.accounts import UserRefSerializer
from groups.api.serializers.fields import DecimalInputField, RateOutputField, StrictCharField
from groups.domain.categories import MAX_NAME
from groups.models.comments import MAX_COMMENT


class RateSerializer(serializers.Serializer):
    """A rate of the group's table: group-currency units for 1 unit of ``currency``."""

    currency = serializers.CharField(read_only=True)
    rate = RateOutputField()
    date = serializers.DateField(read_only=True)


class RateWriteSerializer(serializers.Serializer):
    """A rate to put in the table; a rate for the same currency and day is replaced."""

    currency = StrictCharField(max_length=3, help_text="ISO 4217 code, not the group's own.")
    rate = DecimalInputField(help_text="Positive, at most 10 decimal places.")
    date = serializers.DateField(required=False, help_text="Today by default.")

    def to_representation(self, rate):
        return RateSerializer(rate, context=self.context).data


class CategorySerializer(serializers.Serializer):
    """A category: its slug (what an expense's ``category`` holds) and its name."""

    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class CategoryWriteSerializer(serializers.Serializer):
    """A category of the group's own; its slug is made from its name."""

    name = StrictCharField(max_length=MAX_NAME)

    def to_representation(self, category):
        return CategorySerializer(category, context=self.context).data


class CommentSerializer(serializers.Serializer):
    """A comment on an expense; ``author`` is null once their account is deleted."""

    id = serializers.IntegerField(read_only=True)
    author = UserRefSerializer(read_only=True, allow_null=True)
    text = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class CommentWriteSerializer(serializers.Serializer):
    """A new comment: 1 to 2000 characters once surrounding whitespace is stripped."""

    text = StrictCharField(max_length=MAX_COMMENT * 2, trim_whitespace=False)

    def to_representation(self, comment):
        return CommentSerializer(comment, context=self.context).data
