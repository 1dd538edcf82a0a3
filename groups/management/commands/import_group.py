"""python manage.py import_group FILE --format F --owner USER [--name N] [--rates R] [--dry-run]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from groups.interchange import FORMATS
from groups.interchange.rates import parse_rates
from groups.services.imports import group_import
from splitwise.cli import progress_for


class Command(BaseCommand):
    help = (
        "Import a group from a file: our own export, Splitwise's CSV, IHateMoney's JSON or "
        "CSV, Spliit's JSON or Cospend's CSV. A new group, administered by --owner."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("--owner", required=True, help="Username of the group's admin.")
        parser.add_argument("--name", help="The new group's name (default: the file's).")
        parser.add_argument(
            "--rates", default="", help="Rates for other currencies, e.g. USD=0.92,GBP=1.17."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )

    def handle(self, *args, **options):
        owner = get_user_model().objects.filter(username=options["owner"]).first()
        if owner is None:
            raise CommandError(f"No user named {options['owner']!r}.")
        try:
            data = options["file"].read_bytes()
            rates = parse_rates(options["rates"])
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from None
        try:
            report = group_import(
                owner=owner,
                data=data,
                format=options["format"],
                name=options["name"],
                default_name=options["file"].stem,
                rates=rates,
                dry_run=options["dry_run"],
                progress=progress_for(self.stdout, verb="Importing", unit="expenses"),
            )
        except ValidationError as error:
            messages = (m for ms in error.message_dict.values() for m in ms)
            raise CommandError(" ".join(messages)) from None
        for warning in report.warnings:
            self.stdout.write(f"warning: {warning}")
        counts = f"{report.members} members, {report.expenses} expenses, {report.payments} payments"
        if report.group is None:
            self.stdout.write(f"Dry run: would import {report.plan.name!r} with {counts}.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {report.group.name!r} (id {report.group.pk}, "
                    f"{report.group.currency}) with {counts}."
                )
            )
