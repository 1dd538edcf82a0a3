"""Seed the demo: a Lisbon trip with households, every kind of split, and logins to try."""

from django.core.management.base import BaseCommand, CommandError

from groups.seeding import demo
from splitwise import cli


class Command(BaseCommand):
    help = (
        "Create demo accounts and a 'Lisbon trip' group with households, expenses of every "
        "split and a payment. Does nothing if the demo exists; --reset recreates it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo group and its expenses, then seed it again.",
        )
        cli.add_noinput_argument(parser)

    def handle(self, *args, reset=False, interactive=True, **options):
        if reset and demo.demo_group() is not None:
            question = (
                f"This deletes the group {demo.GROUP_NAME!r} with all its members, "
                "expenses and payments, and resets the demo accounts' passwords."
            )
            if interactive and not cli.ask(question):
                raise CommandError("Reset cancelled.")
            demo.demo_reset()
            self.stdout.write(f"Deleted the demo group {demo.GROUP_NAME!r}.")

        result = demo.demo_seed()
        group = result.group
        if result.created:
            members = group.members.count()
            expenses = group.expenses.filter(kind="expense").count()
            payments = group.expenses.filter(kind="payment").count()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {group.name!r} ({group.currency}) with {members} members, "
                    f"{expenses} expenses and {payments} payment."
                )
            )
        else:
            self.stdout.write(
                f"The demo already exists ({group.name!r}, id {group.pk}); nothing changed. "
                "Run with --reset to start it over."
            )

        self.stdout.write("")
        self.stdout.write("Log in with:")
        for status in result.accounts:
            account = status.account
            password = account.password if status.password_works else "(changed since seeding)"
            self.stdout.write(f"  {account.username:<6} {password:<24} {account.role}")
        self.stdout.write("")
        self.stdout.write(f"Web pages:  {demo.BASE_URL}/")
        self.stdout.write(f"API docs:   {demo.BASE_URL}/api/docs/")
        self.stdout.write(f"Admin:      {demo.BASE_URL}/admin/")
