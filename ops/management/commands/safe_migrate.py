from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ops import OperationError, cli, plans, report, safe
from splitwise import cli as shared_cli


class Command(BaseCommand):
    help = (
        "Migrate like `migrate [APP [MIGRATION]]`, safely: a verified backup, the plan, then "
        "the migration in one transaction holding the write lock, verified (every table keeps "
        "its rows, migrate --check passes) before it commits. On any failure the database is "
        "left exactly as the backup holds it, and the command exits non-zero. "
        "`safe_migrate groups 0001` rolls member management back."
    )

    def add_arguments(self, parser):
        parser.add_argument("app_label", nargs="?", help="App label of an app to migrate.")
        parser.add_argument(
            "migration_name",
            nargs="?",
            help="Migrate the app to this migration (forwards or backwards); 'zero' for none.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Take and verify the backup and show the plan, then stop: the database is "
            "not changed.",
        )
        shared_cli.add_noinput_argument(parser)
        parser.add_argument(
            "--output", "-o", type=Path, help="Where to write the backup (default as backup_db)."
        )
        cli.add_common_arguments(parser)

    def get_check_kwargs(self, options):
        # As migrate does: the system checks, with those of the database too.
        return {**super().get_check_kwargs(options), "databases": [options["database"]]}

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        name = connection.settings_dict["NAME"]
        try:
            outcome = safe.safe_migrate(
                connection,
                app_label=options["app_label"],
                migration_name=options["migration_name"],
                dry_run=options["dry_run"],
                confirm=lambda: (
                    not options["interactive"]
                    or shared_cli.ask(f"Back up {name} and apply this plan to it?")
                ),
                out=self.stdout,
                lock_timeout=cli.lock_timeout(connection, options["lock_timeout"]),
                output=options["output"],
                progress=shared_cli.progress_for(self.stdout),
            )
        except OperationError as error:
            raise CommandError(str(error)) from None
        target = [name for name in (options["app_label"], options["migration_name"]) if name]
        if not outcome.plan:
            where = f"at {' '.join(target)}" if target else "fully migrated"
            self.stdout.write(
                f"Nothing to migrate: the database is already {where}. Nothing was done."
            )
            self.show_state(connection)
        elif options["dry_run"]:
            self.stdout.write(self.style.SUCCESS("Dry run: the database was not changed."))
        else:
            self.summarise(outcome, target)
            self.show_state(connection)
            self.stdout.write(self.style.SUCCESS("Migrated."))

    def show_state(self, connection) -> None:
        """Which migrations are applied now, and which not (what the schema guard sees)."""
        state = plans.applied_state(connection)
        self.stdout.write("Applied migrations, the latest of each app:")
        width = max(len(app) for app, _, _ in state)
        for app, latest, pending in state:
            waiting = f"  (not applied: {', '.join(pending)})" if pending else ""
            self.stdout.write(f"  {app:<{width}}  {latest or 'none'}{waiting}")
        pending = [f"{app}.{name}" for app, _, names in state for name in names]
        if pending:
            self.stdout.write(
                f"Not applied: {', '.join(pending)}. Until they are, `migrate --check` exits 1 "
                'and this version of the service answers 503 ("run safe_migrate"); '
                "`python manage.py safe_migrate` applies them."
            )

    def summarise(self, outcome: safe.Outcome, target: list[str]) -> None:
        check = " ".join(["migrate", *target, "--check"])
        self.stdout.write(
            "Verified: every table that remains kept its rows, and "
            f"`{check}` passes (the database is at "
            + (f"{' '.join(target)})." if target else "the latest migration of every app).")
        )
        for line in report.summary(
            outcome.changes,
            removed_values=outcome.removed_values,
            dropped_rows=outcome.dropped_rows,
            seconds=(outcome.migrate_seconds, outcome.total_seconds),
            backup=outcome.backup.path if outcome.backup else None,
        ):
            self.stdout.write(line)
