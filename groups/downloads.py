"""A group's export as a streamed download, which the API and the admin both offer."""

from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from groups.interchange.writers.csv import write_csv
from groups.interchange.writers.json import write_json
from groups.models import Group
from groups.selectors.export_series import SeriesExport
from groups.selectors.exports import (
    export_categories,
    export_entries,
    export_members,
    export_rates,
    read_snapshot,
)

EXPORT_FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8"}


def export_response(group: Group, format: str) -> StreamingHttpResponse:
    """The whole group in ``format`` ("json" or "csv"), streamed in constant memory."""
    response = StreamingHttpResponse(_export(group, format), content_type=EXPORT_FORMATS[format])
    today = timezone.localdate().isoformat()
    filename = f"{slugify(group.name) or 'group'}-{today}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export(group: Group, format: str) -> Iterator[bytes]:
    # Runs while the response is sent, after the view has returned: the snapshot lasts as
    # long as the download, and ends when it is done or the client goes away.
    with read_snapshot():
        members, key_of = export_members(group)
        if format == "json":
            series = SeriesExport(group)
            pieces = write_json(
                name=group.name,
                currency=group.currency,
                members=members,
                categories=export_categories(group),
                rates=export_rates(group),
                entries=export_entries(group, key_of, series),
                recurring=series,
                exported_at=timezone.now(),
            )
        else:
            pieces = write_csv(members=members, entries=export_entries(group, key_of))
        for piece in pieces:
            yield piece.encode()
