"""A group's spending by category, by month and by member."""

from rest_framework import serializers

from groups.api.serializers.fields import money


class StatisticsQuerySerializer(serializers.Serializer):
    """The date range, both ends included; either may be left open."""

    date_after = serializers.DateField(required=False, help_text="From this day (YYYY-MM-DD).")
    date_before = serializers.DateField(required=False, help_text="Up to this day (YYYY-MM-DD).")

    def validate(self, attrs):
        after, before = attrs.get("date_after"), attrs.get("date_before")
        if after and before and after > before:
            raise serializers.ValidationError(
                {"date_after": f"The range starts ({after}) after it ends ({before})."}
            )
        return attrs


class CategoryTotalSerializer(serializers.Serializer):
    category = serializers.CharField(read_only=True, help_text="A category's slug, or ''.")
    total = money()


class MonthTotalSerializer(serializers.Serializer):
    month = serializers.CharField(read_only=True, help_text="YYYY-MM")
    total = money()


class MemberTotalSerializer(serializers.Serializer):
    member = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    paid = money()
    owed = money()


class StatisticsSerializer(serializers.Serializer):
    """Totals over the group's expenses (payments excluded), in the group's currency."""

    currency = serializers.CharField(read_only=True)
    total = money()
    by_category = CategoryTotalSerializer(many=True, read_only=True)
    by_month = MonthTotalSerializer(many=True, read_only=True)
    by_member = MemberTotalSerializer(many=True, read_only=True)
