"""python manage.py load_rates: what an operator types and reads."""

import io
import socket

import pytest
from django.core.management import CommandError, call_command

from groups.models import ExchangeRate
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db

# The ECB's historical file as published: a header of codes (some no longer current), "N/A"
# cells and a trailing comma on every line.
ECB_FILE = """\
Date,USD,JPY,CYP,GBP,
2024-01-05,1.0921,158.32,N/A,0.86,
2024-01-04,1.0953,158.01,N/A,N/A,
"""


class Terminal(io.StringIO):
    """Output that says it is a terminal, as an operator's shell is."""

    def isatty(self):
        return True


@pytest.fixture
def ecb_file(tmp_path):
    path = tmp_path / "eurofxref-hist.csv"
    path.write_text(ECB_FILE, encoding="utf-8")
    return path


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("load_rates tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def load(*args, stdout=None):
    out = stdout or io.StringIO()
    call_command("load_rates", *map(str, args), stdout=out)
    return out.getvalue()


def test_loads_into_the_groups_named_and_reports(group, ecb_file, no_network, user):
    pounds = GroupFactory(created_by=user, currency="GBP", name="London")
    untouched = GroupFactory(created_by=user, name="Elsewhere")

    output = load(ecb_file, "--group", group.pk, "--group", pounds.pk)

    assert f"Read {ecb_file}: ECB reference rates, 2 lines." in output
    assert "Ignored columns (no longer ISO 4217 currencies): CYP" in output
    assert f"Trip (id {group.pk}, EUR): 5 added, 0 changed, 0 unchanged." in output
    assert (
        f"London (id {pounds.pk}, GBP): 3 added, 0 changed, 0 unchanged; "
        "1 day without a GBP rate." in output
    )
    assert ExchangeRate.objects.filter(group=group).count() == 5
    assert not ExchangeRate.objects.filter(group=untouched).exists()


def test_without_group_it_loads_every_group_and_again_changes_nothing(group, ecb_file, user):
    other = GroupFactory(created_by=user, currency="USD")
    load(ecb_file)
    before = list(ExchangeRate.objects.order_by("pk").values())

    output = load(ecb_file)

    assert list(ExchangeRate.objects.order_by("pk").values()) == before
    assert {row["group_id"] for row in before} == {group.pk, other.pk}
    assert "0 added, 0 changed, 5 unchanged." in output


def test_a_plain_file(group, tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("date,currency,rate\n2026-11-01,USD,0.92\n2026-11-01,CHF,1.05\n")

    output = load(path, "--group", group.pk)

    assert "plain rates, 2 lines" in output
    assert {r.currency: str(r.rate) for r in ExchangeRate.objects.all()} == {
        "USD": "0.92",
        "CHF": "1.05",
    }


def test_a_progress_line_on_a_terminal_only(group, ecb_file):
    terminal = Terminal()

    load(ecb_file, stdout=terminal)
    piped = load(ecb_file)

    assert "\rLoading: 100% (5 of 5 rates)" in terminal.getvalue()
    assert "Loading:" not in piped


def test_a_bad_line_refuses_the_file_naming_it_and_nothing_is_written(group, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(ECB_FILE + "2024-01-03,1.09,oops,N/A,0.86,\n" + "2024-01-02,1.1,150,,0.8,\n")

    with pytest.raises(CommandError, match=r"line 4: JPY: 'oops' is not a number.*Nothing"):
        load(path)

    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["missing.csv"], "Cannot read"),
        (["{ecb}", "--group", "987654"], "No group with id 987654"),
    ],
)
def test_what_cannot_be_loaded_is_said(group, ecb_file, arguments, message):
    with pytest.raises(CommandError, match=message):
        load(*[a.replace("{ecb}", str(ecb_file)) for a in arguments])
    assert not ExchangeRate.objects.exists()


def test_a_group_id_that_is_not_one_is_refused(group, ecb_file):
    with pytest.raises(CommandError, match="is not a group id"):
        load(ecb_file, "--group", "2" * 30)


def test_a_plain_file_into_groups_of_two_currencies_is_refused(group, tmp_path, user):
    GroupFactory(created_by=user, currency="GBP")
    path = tmp_path / "rates.csv"
    path.write_text("date,currency,rate\n2026-11-01,USD,0.92\n")

    with pytest.raises(CommandError, match=r"in one currency.*Nothing was loaded"):
        load(path)
    assert not ExchangeRate.objects.exists()
