"""Fill the database with one large, realistic group for benchmarks."""

from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from groups.seeding.bench import seed_group
from groups.seeding.crowd import seed_groups


class Command(BaseCommand):
    help = (
        "Create a group with MEMBERS members and EXPENSES expenses and payments (random payers, "
        "1-6 participants, every split), for benchmarks. Prints the group id and an API token "
        "of its admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=20, help="Members (default 20).")
        parser.add_argument(
            "--expenses", type=int, default=1000, help="Expenses and payments (default 1000)."
        )
        parser.add_argument("--group-name", default="Bench", help='Group name (default "Bench").')
        parser.add_argument(
            "--seed", type=int, default=0, help="Random seed: same seed, same data (default 0)."
        )
        parser.add_argument(
            "--groups",
            type=int,
            default=1,
            help="Groups to create, each with the same EXPENSES on its own members, to crowd "
            "the database (default 1: one group with its admin's token).",
        )

    def handle(self, *args, members, expenses, group_name, seed, groups, **options):
        if members < 2:
            raise CommandError("--members must be at least 2.")
        if expenses < 0:
            raise CommandError("--expenses cannot be negative.")
        if groups < 1:
            raise CommandError("--groups must be at least 1.")
        if groups > 1:
            crowd = seed_groups(
                count=groups, members=members, expenses=expenses, seed=seed, name=group_name
            )
            self.stdout.write(
                f"Created {len(crowd.group_ids)} groups of {members} members: {crowd.expenses} "
                f"expenses, {crowd.shares} shares in {crowd.seconds:.1f} s."
            )
            self.stdout.write(f"group_ids={crowd.group_ids[0]}-{crowd.group_ids[-1]}")
            return
        result = seed_group(name=group_name, members=members, expenses=expenses, seed=seed)
        token, _ = Token.objects.get_or_create(user=result.owner)
        self.stdout.write(
            f"Created group {result.group.pk} {result.group.name!r}: {len(result.members)} "
            f"members, {result.expenses} expenses ({result.payments} payments), "
            f"{result.shares} shares in {result.seconds:.1f} s."
        )
        self.stdout.write(f"group_id={result.group.pk}")
        self.stdout.write(f"token={token.key}")
        self.stdout.write(f"username={result.owner.username}")
