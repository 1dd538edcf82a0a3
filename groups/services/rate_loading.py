"""Loading a rate file into groups' rate tables: all of it in one transaction, or nothing."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from groups.domain.rate_files import PLAIN, RateFile, rates_for_group
from groups.models import ExchangeRate, Group
from groups.services.activity import record
from groups.services.common import lock_group

BATCH = 2_000


@dataclass
class GroupLoad:
    """What loading a file did to one group's table."""

    group: Group
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    days_without_group_currency: int = 0
    unrepresentable: int = 0


@transaction.atomic
def rates_load(
    *,
    groups: Sequence[Group],
    rate_file: RateFile,
    progress: Callable[[int, int], None] | None = None,
) -> list[GroupLoad]:
    """Put the file's rates in each group's table: new ones added, changed ones replaced.

    Loading the same file again changes nothing. A plain file's rates are in one currency,
    so its groups must all have that one; an ECB file's are converted for each group.
    A refusal (ValidationError, or RateFileError naming the line) leaves every table as it was.
    """
    if rate_file.format == PLAIN and len({group.currency for group in groups}) > 1:
        names = ", ".join(f"{g.name} ({g.currency})" for g in groups)
        raise ValidationError(
            {
                "groups": f"A plain rate file's rates are in one currency, but these groups "
                f"are not: {names}. Name groups of one currency with --group."
            }
        )
    wanted = {group.pk: rates_for_group(rate_file, group.currency) for group in groups}
    total = sum(len(rates.rates) for rates in wanted.values())
    done = 0
    loads = []
    for group in sorted(groups, key=lambda g: g.pk):
        lock_group(group.pk)
        rates = wanted[group.pk]
        load = GroupLoad(
            group,
            days_without_group_currency=rates.days_without_group_currency,
            unrepresentable=rates.unrepresentable,
        )
        stored = {
            (currency, date): (pk, rate)
            for pk, currency, date, rate in ExchangeRate.objects.filter(group=group).values_list(
                "pk", "currency", "date", "rate"
            )
        }
        new, changed = [], []
        for (currency, date), rate in rates.rates.items():
            existing = stored.get((currency, date))
            if existing is None:
                new.append(ExchangeRate(group=group, currency=currency, date=date, rate=rate))
            elif existing[1] != rate:
                changed.append(ExchangeRate(pk=existing[0], rate=rate))
            else:
                load.unchanged += 1
            done += 1
            if progress and done % BATCH == 0:
                progress(done, total)
        ExchangeRate.objects.bulk_create(new, batch_size=BATCH)
        ExchangeRate.objects.bulk_update(changed, ["rate"], batch_size=BATCH)
        load.created, load.updated = len(new), len(changed)
        if new or changed:
            record(
                actor=None,
                group=group,
                action="rates.loaded",
                summary=f"Exchange rates loaded from a file: {len(new)} added, "
                f"{len(changed)} changed",
            )
        loads.append(load)
    if progress:
        progress(total, total)
    return loads
