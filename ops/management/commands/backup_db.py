from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ops import OperationError, backups, cli, report
from splitwise import cli as shared_cli


class Command(BaseCommand):
    help = (
        "Back up the database while the service keeps running, then verify the copy: SQLite "
        "through its backup API (integrity_check and every table's row count), PostgreSQL "
        "with pg_dump --format=custom."
    )
    # Like migrate: operating on the database must not depend on the rest of the project
    # passing its system checks (a restore is often what fixes things).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="A file, or a directory for the default name. Default: "
            "db.sqlite3.backup.YYYYMMDD_HHMMSS (NAME.backup.YYYYMMDD_HHMMSS.dump for "
            "PostgreSQL) in the backup directory (DJANGO_BACKUP_DIR, else the SQLite "
            "database's directory, or the project's). An existing file is never overwritten.",
        )
        parser.add_argument(
            "--keep-days",
            type=float,
            metavar="N",
            help="Once the new backup is verified, delete this database's backups in the same "
            "directory made more than N days ago (by the time in their names).",
        )
        cli.add_common_arguments(parser)

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        try:
            backup = backups.back_up(
                connection,
                options["output"],
                lock_timeout=cli.lock_timeout(connection, options["lock_timeout"]),
                progress=shared_cli.progress_for(self.stdout),
            )
        except OperationError as error:
            raise CommandError(str(error)) from None
        for line in report.backup_lines(backup):
            self.stdout.write(line)
        if options["keep_days"] is not None:
            pruned = backups.prune(connection, backup.path.parent, options["keep_days"])
            for path in pruned:
                self.stdout.write(f"Deleted {path} (older than {options['keep_days']:g} days)")
            if not pruned:
                self.stdout.write(f"No backup older than {options['keep_days']:g} days to delete.")
        self.stdout.write(self.style.SUCCESS(f"Backed up to {backup.path}"))
