"""Importing a group from a file: a new group, administered by the importer, written whole.

The file is read and decided by ``groups.interchange`` (pure): every person checked, every
share in exact cents, the same shares the expense service would write. Here the plan is
written in bulk, in one transaction under the new group's lock: the group appears with all
of its expenses or not at all.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from groups import interchange, references
from groups.interchange import FileError, Plan
from groups.interchange.plan import PlannedMember
from groups.models import Group, GroupMember
from groups.services import import_rows, totals
from groups.services.activity import record
from groups.services.common import lock_group
from groups.services.import_rows import Progress


@dataclass
class ImportReport:
    """What an import wrote, or (a dry run) would write."""

    plan: Plan
    group: Group | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def members(self) -> int:
        return len(self.plan.members)

    @property
    def expenses(self) -> int:
        return self.plan.expenses

    @property
    def payments(self) -> int:
        return self.plan.payments


def group_import(
    *,
    owner: AbstractBaseUser,
    data: bytes,
    format: str,
    name: str | None = None,
    default_name: str | None = None,
    rates: dict[str, Decimal] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Create a group from the file ``data`` in ``format``, administered by ``owner``.

    Everyone in the file becomes a guest, except the person whose username is the owner's,
    who becomes the owner's membership. A refused file raises ValidationError naming the
    line under "file" (or "format"), and nothing is written.
    """
    with _no_cycle_collection():
        try:
            plan = interchange.read(data, format, name=name, default_name=default_name, rates=rates)
        except FileError as error:
            raise ValidationError({"file": str(error)}) from None
        except ValueError as error:
            raise ValidationError({"format": str(error)}) from None
        report = ImportReport(plan=plan, warnings=list(plan.warnings))
        seat = _owner_seat(plan, owner, report.warnings)
        if not dry_run:
            report.group = _write(plan, owner, seat, progress)
    return report


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a file is read and written, then resumed.

    A large file makes millions of objects that all live until the end (amounts, rows): the
    collector kept walking them all, and took 3.3 s of the 7.2 s it took to read a file of
    100,000 expenses. Reference counting still frees everything else as it goes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _owner_seat(plan: Plan, owner: AbstractBaseUser, warnings: list[str]) -> int | None:
    """Which of the file's people is the owner (by username), if any; notes what changes."""
    username = owner.get_username()
    seat = next((n for n, m in enumerate(plan.members) if m.username == username), None)
    guests = [m.name for n, m in enumerate(plan.members) if m.username and n != seat]
    if guests:
        warnings.append(
            f"Registered in the file, imported as guests (they can join by invite): "
            f"{', '.join(guests)}."
        )
    authors = sorted(
        {c.author for e in plan.entries for c in e.comments if c.author not in (None, username)}
    )
    if authors:
        warnings.append(
            "Comments by others registered in the file are kept without their author: "
            f"{', '.join(authors)}."
        )
    admins = [m.name for n, m in enumerate(plan.members) if m.role == "admin" and n != seat]
    if admins:
        warnings.append(
            f"Admins in the file, members here (you administer the group): {', '.join(admins)}."
        )
    return seat


def _write(plan: Plan, owner: AbstractBaseUser, seat: int | None, progress) -> Group:
    """The whole import in one transaction, under the new group's lock: all or nothing."""
    with transaction.atomic():
        group = Group(name=plan.name, currency=plan.currency, created_by=owner)
        group.full_clean()
        group.save()
        lock_group(group.pk)
        member_ids = _write_members(group, plan.members, owner, seat)
        import_rows.write_categories(group, plan)
        import_rows.write_rates(group, plan)
        expense_ids = import_rows.write_entries(group, plan, member_ids, owner, progress)
        import_rows.write_series(group, plan, expense_ids, owner)
        # Written in bulk, below the services that keep the members' totals: set them once.
        totals.recompute(group.pk)
        record(
            actor=owner,
            group=group,
            action="import.completed",
            obj=group,
            summary=_summary(plan, owner),
        )
    return group


def _summary(plan: Plan, owner: AbstractBaseUser) -> str:
    counts = [
        f"{plan.expenses:,} expense{'s' * (plan.expenses != 1)}",
        f"{plan.payments:,} payment{'s' * (plan.payments != 1)}",
        f"{len(plan.members):,} member{'s' * (len(plan.members) != 1)}",
    ]
    return f"{owner.get_username()} imported {', '.join(counts)} from a {plan.format} file"


def _write_members(
    group: Group, people: list[PlannedMember], owner: AbstractBaseUser, seat: int | None
) -> list[int]:
    now = timezone.now()
    members = []
    for position, person in enumerate(people):
        mine = position == seat
        member = GroupMember(
            group=group,
            name=person.name,
            user=owner if mine else None,
            role=GroupMember.Role.ADMIN if mine else GroupMember.Role.MEMBER,
            is_active=person.active or mine,
            joined_at=now,
        )
        member.full_clean(exclude=["group"], validate_unique=False, validate_constraints=False)
        members.append(member)
    if seat is None:
        taken = {person.name for person in people}
        name = owner.get_username()
        number = 1
        while name in taken:
            number += 1
            name = f"{owner.get_username()} ({number})"
        members.insert(
            0, GroupMember(group=group, user=owner, name=name, role="admin", joined_at=now)
        )
    GroupMember.objects.bulk_create(members)
    mine = members[1:] if seat is None else members
    managed = []
    for member, person in zip(mine, people, strict=True):
        if person.manager is not None:
            references.set_reference(member, mine[person.manager])
            managed.append(member)
    GroupMember.objects.bulk_update(managed, ["managed_by_type", "managed_by_id"])
    return [member.pk for member in mine]
