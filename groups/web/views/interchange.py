"""A group's export as downloads, and a new group imported from a file: upload, preview, confirm.

Both use what the API uses: the same streamed download (``groups.downloads``) and the same
import service, first as a dry run for the preview, then for real on confirmation.
"""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from groups.domain.money import from_cents
from groups.downloads import EXPORT_FORMATS, export_response
from groups.interchange.rates import parse_rates
from groups.services.imports import ImportReport, group_import
from groups.web import uploads
from groups.web.forms.interchange import FORMAT_LABELS, ImportForm
from groups.web.views.common import group_and_actor

# Room for the form's other fields around the file, as the API allows.
ENVELOPE = 64 * 1024


@login_required
def export(request, pk):
    """The export page (a button per format); with ``?format=``, the download itself."""
    group, actor = group_and_actor(request, pk)
    chosen = request.GET.get("format")
    if chosen in EXPORT_FORMATS:
        return export_response(group, chosen)
    context = {"group": group, "actor": actor, "formats": list(EXPORT_FORMATS), "error": ""}
    if chosen is None:
        return render(request, "web/interchange/export.html", context)
    context["error"] = f"There is no export as {chosen!r}; choose one of the buttons below."
    return render(request, "web/interchange/export.html", context, status=400)


@login_required
def import_upload(request):
    """The upload form (GET); its POST checks the file and shows what an import would create."""
    if request.method != "POST":
        return _form_page(request, ImportForm())
    limit = settings.IMPORT_MAX_BYTES
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit + ENVELOPE:
        return _too_large(request, limit)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    upload, data = form.cleaned_data["file"], form.cleaned_data
    if upload.size > limit:
        return _too_large(request, limit)
    content = upload.read()
    choices = {
        "format": data["format"],
        "name": data["name"].strip(),
        "rates": request.POST.get("rates", ""),
        "filename": Path(upload.name or "").stem.strip(),
    }
    try:
        report = _import(request.user, content, choices, dry_run=True)
    except ValidationError as error:
        form.add_service_error(error)
        return _form_page(request, form, status=400)
    ticket = uploads.keep(content, user=request.user, choices=choices)
    return render(request, "web/interchange/preview.html", _preview(report, choices, ticket))


@login_required
@require_POST
def import_confirm(request):
    """Create the group previewed, from the file kept for it, and open it."""
    pending = uploads.claim(request.POST.get("ticket", ""), user=request.user)
    if pending is None:
        expired = "This upload has expired or was imported already: choose the file again."
        return _refused(request, {}, ValidationError({"file": expired}))
    try:
        report = _import(request.user, pending.data, pending.choices, dry_run=False)
    except ValidationError as error:
        pending.put_back()
        return _refused(request, pending.choices, error)
    pending.done()
    group = report.group
    messages.success(
        request,
        f"Imported {group.name}: {report.members} members, {report.expenses} expenses "
        f"and {report.payments} payments.",
    )
    return redirect("web:group-detail", pk=group.pk)


def _import(user, content: bytes, choices: dict, *, dry_run: bool) -> ImportReport:
    try:
        rates = parse_rates(choices["rates"])
    except ValueError as error:
        raise ValidationError({"rates": str(error)}) from None
    return group_import(
        owner=user,
        data=content,
        format=choices["format"],
        name=choices["name"] or None,
        default_name=choices["filename"] or None,
        rates=rates,
        dry_run=dry_run,
    )


def _preview(report: ImportReport, choices: dict, ticket: str) -> dict:
    plan = report.plan
    members = [
        {"name": m.name, "active": m.active, "balance": from_cents(balance)}
        for m, balance in zip(plan.members, plan.balances(), strict=True)
    ]
    return {
        "plan": plan,
        "format": FORMAT_LABELS.get(plan.format, plan.format),
        "members": members,
        "total": from_cents(plan.total),
        "warnings": report.warnings,
        "ticket": ticket,
        "filename": choices["filename"],
    }


def _form_page(request, form, status=200):
    context = {"form": form, "limit_mb": f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:g}"}
    return render(request, "web/interchange/import.html", context, status=status)


def _too_large(request, limit: int):
    message = f"The file is larger than the limit of {limit / 1024 / 1024:g} MB."
    return _refused(request, request.POST, ValidationError({"file": message}), status=413)


def _refused(request, data, error: ValidationError, status=400):
    """The upload form again with what was chosen, and why it was refused. (The file must be
    chosen again: no browser lets a page fill in a file input.)"""
    form = ImportForm(data)
    form.is_valid()
    form.errors.clear()
    form.add_service_error(error)
    return _form_page(request, form, status=status)
