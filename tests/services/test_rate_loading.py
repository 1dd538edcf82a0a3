"""Loading a rate file into groups' tables: converted per group, idempotent, all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from groups.domain.rate_files import RateFileError, read_rate_file
from groups.models import ExchangeRate
from groups.services.rate_loading import rates_load
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db

ECB_FILE = """\
Date,USD,JPY,GBP,
2024-01-05,1.0921,158.32,0.86,
2024-01-04,1.0953,158.01,N/A,
"""


def read(text):
    return read_rate_file(text.splitlines(keepends=True))


def table(group):
    return {
        (r.currency, r.date.isoformat()): str(r.rate)
        for r in ExchangeRate.objects.filter(group=group)
    }


@pytest.fixture
def euro_and_pound_groups(user):
    return GroupFactory(created_by=user, currency="EUR"), GroupFactory(
        created_by=user, currency="GBP"
    )


def test_an_ecb_file_loads_into_each_groups_currency(euro_and_pound_groups):
    euros, pounds = euro_and_pound_groups

    loads = rates_load(groups=[euros, pounds], rate_file=read(ECB_FILE))

    assert table(euros) == {
        ("USD", "2024-01-05"): "0.9156670635",
        ("JPY", "2024-01-05"): "0.0063163214",
        ("GBP", "2024-01-05"): "1.1627906977",
        ("USD", "2024-01-04"): "0.9129918744",
        ("JPY", "2024-01-04"): "0.0063287134",
    }
    assert table(pounds) == {
        ("EUR", "2024-01-05"): "0.86",
        ("USD", "2024-01-05"): "0.7874736746",
        ("JPY", "2024-01-05"): "0.0054320364",
    }
    assert [(load.created, load.updated, load.unchanged) for load in loads] == [
        (5, 0, 0),
        (3, 0, 0),
    ]
    assert loads[1].days_without_group_currency == 1


def test_loading_the_same_file_again_changes_nothing(euro_and_pound_groups):
    groups = list(euro_and_pound_groups)
    rates_load(groups=groups, rate_file=read(ECB_FILE))
    before = list(ExchangeRate.objects.order_by("pk").values())

    loads = rates_load(groups=groups, rate_file=read(ECB_FILE))

    assert list(ExchangeRate.objects.order_by("pk").values()) == before
    assert [(load.created, load.updated, load.unchanged) for load in loads] == [
        (0, 0, 5),
        (0, 0, 3),
    ]


def test_a_corrected_file_replaces_only_what_changed(euro_and_pound_groups):
    euros, _ = euro_and_pound_groups
    rates_load(groups=[euros], rate_file=read(ECB_FILE))

    [load] = rates_load(groups=[euros], rate_file=read(ECB_FILE.replace("158.32", "160")))

    assert (load.created, load.updated, load.unchanged) == (0, 1, 4)
    assert table(euros)["JPY", "2024-01-05"] == "0.00625"


def test_a_plain_file_needs_groups_of_one_currency(euro_and_pound_groups):
    plain = read("date,currency,rate\n2026-11-01,USD,0.92\n")

    with pytest.raises(ValidationError, match="one currency"):
        rates_load(groups=list(euro_and_pound_groups), rate_file=plain)
    assert not ExchangeRate.objects.exists()

    euros, _ = euro_and_pound_groups
    rates_load(groups=[euros], rate_file=plain)
    assert table(euros) == {("USD", "2026-11-01"): "0.92"}


def test_a_refused_group_leaves_every_table_as_it_was(user):
    first, second = GroupFactory(created_by=user), GroupFactory(created_by=user)
    ExchangeRate.objects.create(
        group=first, currency="USD", date=datetime.date(2026, 1, 1), rate=Decimal("0.5")
    )
    before = list(ExchangeRate.objects.values())
    plain = read("date,currency,rate\n2026-11-01,USD,0.92\n2026-11-01,EUR,1\n")

    with pytest.raises(RateFileError, match="line 3"):
        rates_load(groups=[first, second], rate_file=plain)

    assert list(ExchangeRate.objects.values()) == before


def test_progress_is_reported_up_to_the_total(user):
    group = GroupFactory(created_by=user)
    days = "".join(f"2024-01-{day:02d},1.1,150,\n" for day in range(1, 29))
    reports = []

    rates_load(
        groups=[group],
        rate_file=read("Date,USD,JPY,\n" + days),
        progress=lambda done, total: reports.append((done, total)),
    )

    assert reports[-1] == (56, 56)
    assert all(total == 56 for _, total in reports)
