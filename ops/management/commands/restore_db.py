from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ops import OperationError, cli, report, restores
from splitwise import cli as shared_cli


class Command(BaseCommand):
    help = (
        "Replace the database with a backup made by backup_db, exactly, after checking the "
        "backup (integrity and tables) and asking. Every server process answers 503 while it "
        "runs (maintenance). What it replaces is kept as a backup of its own, so a restore can "
        "be undone."
    )
    # Like migrate: operating on the database must not depend on the rest of the project
    # passing its system checks (a restore is often what fixes things).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file to restore.")
        shared_cli.add_noinput_argument(parser)
        cli.add_common_arguments(parser)

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        path = options["path"].absolute()
        try:
            incoming = restores.contents(connection, path)
        except OperationError as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        self.stdout.write(f"The backup {path} is sound (integrity and tables checked).")
        self.stdout.write(f"It replaces the database {connection.settings_dict['NAME']}:")
        current = restores.current_counts(connection) or {}
        for line in report.counts_table(("Now", current), ("Backup", incoming)):
            self.stdout.write("  " + line)
        question = (
            "Restore? The service answers 503 meanwhile; the current contents are kept as a backup."
        )
        if options["interactive"] and not shared_cli.ask(question):
            raise CommandError("Cancelled. Nothing was changed.")
        try:
            restored = restores.restore(
                connection,
                path,
                lock_timeout=cli.lock_timeout(connection, options["lock_timeout"]),
                expected=incoming,
            )
        except OperationError as error:
            raise CommandError(str(error)) from None
        for line in report.counts_table(("Rows", restored.counts)):
            self.stdout.write(line)
        if restored.kept:
            self.stdout.write(f"What it replaced is kept as {restored.kept}")
        self.stdout.write(self.style.SUCCESS(f"Restored {path} ({report.totals(restored.counts)})"))
