"""A group's export as a download, and a new group imported from a file."""

from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from groups.api.serializers.portability import (
    ExportQuerySerializer,
    ImportReportSerializer,
    ImportSerializer,
)
from groups.domain.money import from_cents
from groups.downloads import export_response
from groups.interchange.rates import parse_rates
from groups.services.imports import ImportReport, group_import


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class FormatParameterNegotiation(DefaultContentNegotiation):
    """Answers in JSON whatever ``?format=`` says: there it names the export's format."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PortabilityMixin:
    """``export`` and ``import`` for the groups viewset."""

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["json", "csv"], default="json"),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description='Our JSON, "format": "splitwise-group".'
            ),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One row each."),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[JSONRenderer],
        content_negotiation_class=FormatParameterNegotiation,
    )
    def export(self, request, pk=None):
        """The whole group as a file (JSON or CSV), streamed."""
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return export_response(self.get_object(), query.validated_data["format"])

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={201: ImportReportSerializer, 200: ImportReportSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser],
        serializer_class=ImportSerializer,
    )
    def import_file(self, request):
        """A new group from a file, administered by the caller; a dry run writes nothing."""
        limit = settings.IMPORT_MAX_BYTES
        if int(request.META.get("CONTENT_LENGTH") or 0) > limit + 64 * 1024:
            raise TooLarge({"file": [_too_large(limit)]})
        body = ImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        if upload.size > limit:
            raise TooLarge({"file": [_too_large(limit)]})
        try:
            rates = parse_rates(body.validated_data.get("rates", ""))
        except ValueError as error:
            raise ValidationError({"rates": str(error)}) from None
        report = group_import(
            owner=request.user,
            data=upload.read(),
            format=body.validated_data["format"],
            name=body.validated_data.get("name") or None,
            default_name=_stem(upload.name),
            rates=rates,
            dry_run=body.validated_data["dry_run"],
        )
        created = report.group is not None
        return Response(
            ImportReportSerializer(report_data(report)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def report_data(report: ImportReport) -> dict:
    plan, group = report.plan, report.group
    balances = plan.balances()
    return {
        "group": {
            "id": group.pk if group else None,
            "name": plan.name,
            "currency": plan.currency,
        },
        "members": [
            {"name": m.name, "active": m.active, "balance": from_cents(balance)}
            for m, balance in zip(plan.members, balances, strict=True)
        ],
        "expenses": plan.expenses,
        "payments": plan.payments,
        "total": from_cents(plan.total),
        "warnings": report.warnings,
    }


def _too_large(limit: int) -> str:
    return f"The file is larger than the limit of {limit / 1024 / 1024:g} MB."


def _stem(filename: str | None) -> str | None:
    stem = (filename or "").rsplit("/", 1)[-1].rsplit(".", 1)[0].strip()
    return stem or None
