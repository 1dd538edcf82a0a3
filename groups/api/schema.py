"""How ids appear in the API's URLs and in its OpenAPI schema."""

import re

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

# Ids in URLs: at most 18 digits, so every id that matches fits a 64-bit column and anything
# longer is a 404 rather than an overflow in the database.
ID_PATTERN = r"[0-9]{1,18}"


class IdPathSchema(AutoSchema):
    """Documents the ids in our URLs as integers (their regex alone would read as strings)."""

    def get_override_parameters(self):
        names = re.findall(r"{(\w+)}", self.path)
        ids = [OpenApiParameter(name, int, OpenApiParameter.PATH) for name in names]
        return [*ids, *super().get_override_parameters()]


# Text as the API reads it: DRF refuses the NUL character in any string, and a required text
# that is only whitespace is blank once trimmed.
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"


class StrictCharFieldSchema(OpenApiSerializerFieldExtension):
    """Documents a StrictCharField's text pattern beside its lengths."""

    target_class = "groups.api.serializers.fields.StrictCharField"

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        field = self.target
        if direction == "request" and "pattern" not in schema:
            blank_refused = field.trim_whitespace and not field.allow_blank
            schema["pattern"] = NOT_BLANK if blank_refused else NO_NUL
        return schema
