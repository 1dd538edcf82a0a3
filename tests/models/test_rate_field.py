"""Exchange rates stored as whole 10^-10 units: exact on SQLite (which keeps a DecimalField as
a float) as on PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups.domain.currencies import MAX_RATE
from groups.models import ExchangeRate

pytestmark = pytest.mark.django_db


def raw_rate(pk: int):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rate FROM exchange_rates WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_a_rate_is_an_integer_in_the_database_and_a_decimal_in_python(group):
    rate = ExchangeRate.objects.create(
        group=group, currency="CAD", date=datetime.date(2026, 1, 1), rate=Decimal("0.6666666667")
    )

    assert raw_rate(rate.pk) == 6666666667
    assert ExchangeRate.objects.get(pk=rate.pk).rate == Decimal("0.6666666667")
    # As a float, the same number is not that number: this is what the integer avoids.
    assert Decimal(float("0.6666666667")) != Decimal("0.6666666667")


def test_the_largest_and_smallest_rates_round_trip(group):
    for day, value in enumerate(
        [MAX_RATE, Decimal("0.0000000001"), Decimal("12345678.9876543211")]
    ):
        rate = ExchangeRate.objects.create(
            group=group, currency="USD", date=datetime.date(2026, 1, day + 1), rate=value
        )
        assert ExchangeRate.objects.get(pk=rate.pk).rate == value


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(min_value=1, max_value=int(MAX_RATE.scaleb(10))))
def test_any_rate_reads_back_exactly(group, units):
    value = Decimal(units).scaleb(-10)
    ExchangeRate.objects.filter(group=group).delete()

    rate = ExchangeRate.objects.create(
        group=group, currency="JPY", date=datetime.date(2026, 1, 1), rate=value
    )

    assert raw_rate(rate.pk) == units
    assert ExchangeRate.objects.get(pk=rate.pk).rate == value
    assert ExchangeRate.objects.filter(rate=value).count() == 1
