"""Turns business-rule failures into 4xx JSON answers instead of 500s."""

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from groups.errors import is_unique_violation


class Conflict(exceptions.APIException):
    """A write lost a race on a unique value (e.g. two members added under one name)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "This conflicts with a change made at the same time; reload and retry."
    default_code = "conflict"


def validation_error_detail(error: DjangoValidationError) -> dict | list:
    """Django's ValidationError as DRF's error body: {"field": ["reason", …]}."""
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"non_field_errors": list(error.messages)}


class PayloadTooLarge(exceptions.APIException):
    """A request body over settings.DATA_UPLOAD_MAX_MEMORY_SIZE."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def api_exception_handler(exc, context):
    """DRF's handler, plus Django ValidationError -> 400, a unique violation -> 409, and
    bodies too large (or with too many form fields) -> 413 (400), in JSON."""
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = PayloadTooLarge(f"The request body is larger than {limit} bytes.")
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError(str(exc))
    if isinstance(exc, IntegrityError) and is_unique_violation(exc):
        exc = Conflict()
    return exception_handler(exc, context)


def not_found(request, exception):
    """A 404 in the API's JSON for /api/ URLs that match no route; Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
