from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from groups.models import Group
from groups.services.totals import reconcile


class Command(BaseCommand):
    help = (
        "Recompute every member's paid and owed totals and the spending per day from the "
        "expenses and their shares, and print where the stored ones differ. Exits with status 1 "
        "when they do; --fix repairs them and records the repair in the group's activity log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--group", type=int, metavar="ID", help="Only this group.")
        parser.add_argument("--fix", action="store_true", help="Repair the drift found.")

    def handle(self, *args, group=None, fix=False, **options):
        groups = Group.objects.order_by("pk")
        if group is not None:
            groups = groups.filter(pk=group)
            if not groups.exists():
                raise CommandError(f"There is no group {group}.")
        checked = drifted = 0
        for group_id, name in groups.values_list("pk", "name").iterator():
            try:
                found = reconcile(group_id, fix=fix)
            except Http404:
                continue  # deleted since the list was read
            checked += 1
            drifted += bool(found)
            for row in found.members:
                member = row.member
                self.stdout.write(
                    f"Group {group_id} ({name}), {member.name}: stored paid {member.total_paid} "
                    f"owed {member.total_owed}; the shares say paid {row.paid} owed {row.owed}"
                )
            if found.days:
                days = ", ".join(date.isoformat() for date in found.days[:10])
                more = f" and {len(found.days) - 10} more" if len(found.days) > 10 else ""
                self.stdout.write(
                    f"Group {group_id} ({name}): the stored spending differs from the expenses "
                    f"on {len(found.days)} days: {days}{more}"
                )
        if not drifted:
            self.stdout.write(self.style.SUCCESS(f"{checked} groups checked: no drift."))
        elif fix:
            self.stdout.write(self.style.SUCCESS(f"Repaired {drifted} of {checked} groups."))
        else:
            self.stderr.write(
                f"{drifted} of {checked} groups drifted: run with --fix to repair them."
            )
            raise SystemExit(1)
