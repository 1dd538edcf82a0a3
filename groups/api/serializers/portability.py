"""Importing a group from a file, and what the import reports."""

from rest_framework import serializers

from groups.api.serializers.fields import StrictCharField, money
from groups.interchange import FORMATS

EXPORT_FORMATS = ("json", "csv")


class ImportSerializer(serializers.Serializer):
    """A multipart upload: the file, its format, and how to import it."""

    file = serializers.FileField(allow_empty_file=True)
    format = serializers.ChoiceField(choices=sorted(FORMATS))
    name = StrictCharField(max_length=100, required=False, allow_blank=True)
    dry_run = serializers.BooleanField(required=False, default=False)
    rates = StrictCharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="Rates for amounts in other currencies that the file does not convert: "
        '"USD=0.92,GBP=1.17" (group-currency units for one unit).',
    )


class ImportedGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="null in a dry run.")
    name = serializers.CharField()
    currency = serializers.CharField()


class ImportedMemberSerializer(serializers.Serializer):
    name = serializers.CharField()
    active = serializers.BooleanField()
    balance = money()


class ImportReportSerializer(serializers.Serializer):
    """What an import wrote, or (a dry run) would write: the same either way."""

    group = ImportedGroupSerializer()
    members = ImportedMemberSerializer(many=True)
    expenses = serializers.IntegerField()
    payments = serializers.IntegerField()
    total = money()
    warnings = serializers.ListField(child=serializers.CharField())


class ExportQuerySerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=EXPORT_FORMATS, default="json")
