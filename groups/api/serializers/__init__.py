"""The API's shapes, by topic: serializers check types and required fields; services check
the rules."""
