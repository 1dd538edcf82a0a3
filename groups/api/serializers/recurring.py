"""Recurring expenses: the repeat rule sent with a new expense, and a series as read back."""

from rest_framework import serializers

from groups.api.serializers.fields import StrictIntegerField
from groups.domain.recurrence import MAX_INTERVAL, UNITS, Repeat
from groups.models import RecurringSeries


class RepeatSerializer(serializers.Serializer):
    """How a new expense repeats: every interval units (day, week, month, year), until a date."""

    every = serializers.ChoiceField(choices=UNITS)
    interval = StrictIntegerField(min_value=1, max_value=MAX_INTERVAL, default=1)
    until = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="The last possible date."
    )

    def to_internal_value(self, data):
        return Repeat(**super().to_internal_value(data))


class SeriesSerializer(serializers.ModelSerializer):
    """A series: its first expense, its rule, the next occurrence to come, and whether it runs.

    ``active`` is false once it was stopped, has ended, or paused (``paused_reason`` says why).
    """

    expense = serializers.IntegerField(source="expense_id", read_only=True)
    description = serializers.CharField(source="expense.description", read_only=True)

    class Meta:
        model = RecurringSeries
        fields = [
            "id",
            "expense",
            "every",
            "interval",
            "until",
            "next_date",
            "active",
            "description",
            "paused_reason",
            "stopped_at",
        ]
        read_only_fields = fields
