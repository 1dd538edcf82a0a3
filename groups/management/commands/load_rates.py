"""python manage.py load_rates FILE [--group ID …]: a rate file into groups' rate tables."""

import argparse

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from groups.domain.rate_files import ECB, RateFileError, read_rate_file
from groups.fields import MAX_ID
from groups.models import Group
from groups.services.rate_loading import rates_load
from splitwise.cli import progress_for


def group_id(text: str) -> int:
    """A group id as typed: a positive integer that fits the database."""
    if not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{text!r} is not a group id.")
    return int(text)


class Command(BaseCommand):
    help = (
        "Load exchange rates from a local CSV file into the rate tables of the groups named "
        "with --group (all groups without it). Reads the ECB's historical reference rates "
        "(Date,USD,JPY,… per 1 EUR, converted into each group's currency) or a plain "
        "date,currency,rate file (rates already in the groups' currency). Loading the same "
        "file again changes nothing; a bad line refuses the whole file. No network access."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file, e.g. eurofxref-hist.csv.")
        parser.add_argument(
            "--group",
            action="append",
            type=group_id,
            dest="groups",
            metavar="ID",
            help="A group to load the rates into (repeat for several); default: every group.",
        )

    def handle(self, *args, file, groups, **options):
        try:
            with open(file, encoding="utf-8-sig", newline="") as lines:
                rate_file = read_rate_file(lines)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text.") from None
        except RateFileError as error:
            raise CommandError(f"{file}, {error} Nothing was loaded.") from None
        targets = self._groups(groups)
        kind = "ECB reference rates" if rate_file.format == ECB else "plain rates"
        self.stdout.write(f"Read {file}: {kind}, {rate_file.lines:,} lines.")
        if rate_file.ignored_columns:
            self.stdout.write(
                "Ignored columns (no longer ISO 4217 currencies): "
                + ", ".join(rate_file.ignored_columns)
            )
        progress = progress_for(self.stdout, verb="Loading", unit="rates")
        try:
            loads = rates_load(groups=targets, rate_file=rate_file, progress=progress)
        except RateFileError as error:
            raise CommandError(f"{file}, {error} Nothing was loaded.") from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was loaded.") from None
        for load in loads:
            line = (
                f"{load.group.name} (id {load.group.pk}, {load.group.currency}): "
                f"{load.created:,} added, {load.updated:,} changed, {load.unchanged:,} unchanged"
            )
            if days := load.days_without_group_currency:
                plural = "s" if days != 1 else ""
                line += f"; {days:,} day{plural} without a {load.group.currency} rate"
            if load.unrepresentable:
                line += f"; {load.unrepresentable:,} rates beyond 10 decimal places skipped"
            self.stdout.write(line + ".")

    def _groups(self, ids: list[int] | None) -> list[Group]:
        if not ids:
            groups = list(Group.objects.order_by("pk"))
            if not groups:
                raise CommandError("There are no groups to load rates into.")
            return groups
        found = {group.pk: group for group in Group.objects.filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise CommandError(f"No group with id {', '.join(missing)}. Nothing was loaded.")
        return [found[pk] for pk in dict.fromkeys(ids)]
