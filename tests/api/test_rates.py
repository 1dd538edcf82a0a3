"""The group's rate table over the API: read, add, replace; exact on every database."""

import datetime
from decimal import Decimal

import pytest

from groups.models import ExchangeRate
from tests.api.paths import group_path

pytestmark = pytest.mark.django_db


def post_rate(api, group, **body):
    return api.post(group_path(group, "rates"), body, format="json")


def test_add_list_and_replace_rates(api, group):
    first = post_rate(api, group, currency="usd", rate="0.92", date="2026-11-01")
    other = post_rate(api, group, currency="JPY", rate="0.0061234567", date="2026-11-01")
    replaced = post_rate(api, group, currency="USD", rate="0.9250", date="2026-11-01")
    later = post_rate(api, group, currency="USD", rate=0.93, date="2026-11-02")

    assert (first.status_code, first.json()) == (
        201,
        {"currency": "USD", "rate": "0.92", "date": "2026-11-01"},
    )
    assert other.status_code == 201
    assert (replaced.status_code, replaced.json()["rate"]) == (200, "0.925")
    assert (later.status_code, later.json()["rate"]) == (201, "0.93")
    listed = api.get(group_path(group, "rates")).json()
    assert listed["count"] == 3
    assert [(r["currency"], r["date"], r["rate"]) for r in listed["results"]] == [
        ("JPY", "2026-11-01", "0.0061234567"),
        ("USD", "2026-11-02", "0.93"),
        ("USD", "2026-11-01", "0.925"),
    ]
    only_usd = api.get(group_path(group, "rates"), {"currency": "usd"}).json()
    assert [r["rate"] for r in only_usd["results"]] == ["0.93", "0.925"]


def test_the_date_defaults_to_today(api, group):
    response = post_rate(api, group, currency="GBP", rate="1.15")

    assert response.status_code == 201
    assert response.json()["date"] == datetime.date.today().isoformat()


def test_rates_are_stored_exactly(api, group):
    rate = "12345678.0123456789"  # 18 significant digits: more than a float keeps
    post_rate(api, group, currency="VND", rate=rate, date="2026-01-01")

    stored = ExchangeRate.objects.get(group=group)
    assert stored.rate == Decimal(rate)
    assert api.get(group_path(group, "rates")).json()["results"][0]["rate"] == rate


def test_another_groups_rates_are_not_found(api, group, eves_group):
    ExchangeRate.objects.create(
        group=eves_group, currency="USD", date=datetime.date(2026, 1, 1), rate=Decimal(1)
    )

    assert api.get(group_path(eves_group, "rates")).status_code == 404
    response = post_rate(api, eves_group, currency="USD", rate="2", date="2026-01-01")
    assert response.status_code == 404
    assert ExchangeRate.objects.get(group=eves_group).rate == 1
    assert api.get(group_path(group, "rates")).json()["count"] == 0
