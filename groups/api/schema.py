"""How ids appear in the API's URLs and in its OpenAPI schema."""

import re

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
