from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from groups.services.recurring import recurring_run


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today {text!r} is not a date in the form YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Create every occurrence of the recurring expenses due on or before today that does "
        "not exist yet: each exactly once, also when run twice, late or on several machines "
        "at the same moment. Run it from cron, e.g. hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="Create what is due on or before this day (default: today).",
        )

    def handle(self, *args, **options):
        today = iso_date(options["today"]) if options["today"] else timezone.localdate()
        report = recurring_run(today=today)
        for expense in report.created:
            self.stdout.write(
                f"Created {expense.description} ({expense.amount}) for {expense.date}"
            )
        for series, reason in report.paused:
            self.stdout.write(self.style.WARNING(f"Paused series {series.pk}: {reason}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.created)} occurrence(s) created, {len(report.paused)} series "
                f"paused, up to {today.isoformat()}."
            )
        )
