from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from splitwise import maintenance
from splitwise.maintenance import schema

OPERATOR = "operator"


class Command(BaseCommand):
    help = (
        "Turn maintenance on or off for every server process (all workers, all machines), or "
        "show its status. While it is on, every request is answered 503 with Retry-After. "
        "safe_migrate and restore_db hold it by themselves while they change the database."
    )
    # Like migrate: it must work on a database the rest of the project cannot use yet.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=("on", "off", "status"))
        parser.add_argument(
            "--reason", default="maintenance by an operator", help="Shown in status (on)."
        )
        parser.add_argument(
            "--minutes",
            type=float,
            help="Turn it off by itself after this long (on). Default: until `maintenance off`.",
        )

    def handle(self, *args, action, reason, minutes, **options):
        store = maintenance.current_store()
        if action == "on":
            if minutes is not None and minutes <= 0:
                raise CommandError("--minutes must be positive.")
            seconds = None if minutes is None else minutes * 60
            store.put(OPERATOR, reason, seconds=seconds, lease=False)
            until = "until `maintenance off`" if minutes is None else f"for {minutes:g} minutes"
            self.stdout.write(self.style.WARNING(f"Maintenance is on {until}."))
        elif action == "off":
            store.remove(OPERATOR)
            self.stdout.write("Turned off.")
        self.show(store)

    def show(self, store) -> None:
        now = datetime.now().timestamp()
        holders = [holder for holder in store.holders() if holder.active(now)]
        if holders:
            self.stdout.write(self.style.WARNING("Maintenance: on — every request answers 503."))
            for holder in holders:
                self.stdout.write(f"  {holder.reason}: since {_at(holder.since)}, {_end(holder)}")
        else:
            self.stdout.write("Maintenance: off.")
        self.stdout.write(f"The flag lives in {store.where()}.")
        try:
            problem = schema.check(connections[DEFAULT_DB_ALIAS])
        except Exception as error:  # the status must show whatever state the database is in
            self.stdout.write(f"Schema: cannot be checked: {error}")
            return
        if problem is None:
            self.stdout.write("Schema: the database's migrations match this code.")
        else:
            self.stdout.write(self.style.WARNING(f"Schema: {problem.message}"))
            self.stdout.write(f"  ({problem.kind}: {', '.join(problem.migrations)})")


def _at(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M:%S")


def _end(holder) -> str:
    if holder.until is None:
        return "until `maintenance off`"
    if holder.lease:
        return f"while that command runs (its lease is renewed; it expires at {_at(holder.until)})"
    return f"until {_at(holder.until)}"
