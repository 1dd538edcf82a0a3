"""Importing writes the rows the expense service would, whole or not at all."""

import gc
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups import interchange
from groups.interchange.model import Entry, GroupFile, Person
from groups.interchange.resolve import resolve
from groups.models import Expense, Group, Share
from groups.services import bulk
from groups.services.expenses import Participant, Payer, expense_create
from groups.services.imports import group_import
from tests.factories import GuestFactory
from tests.interchange.conftest import sample

pytestmark = pytest.mark.django_db

NAMES = ["Ann", "Bob", "Cem", "Dia"]


@st.composite
def expenses(draw):
    """An expense as a caller gives it to the service: payers, split and values."""
    cents = draw(st.integers(min_value=400, max_value=10_000_000))
    amount = Decimal(cents) / 100
    people = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    split = draw(st.sampled_from(["equal", "exact", "percent", "shares"]))
    if split == "equal":
        values = [None] * len(people)
    elif split == "shares":
        values = [Decimal(draw(st.integers(50, 2000))) / 100 for _ in people]
    else:
        whole = cents if split == "exact" else 100
        cuts = sorted(draw(st.lists(st.integers(1, whole - 1), min_size=len(people) - 1,
                                    max_size=len(people) - 1, unique=True)))  # fmt: skip
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, whole], strict=True)]
        values = [Decimal(p) / 100 if split == "exact" else Decimal(p) for p in parts]
    payers = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=2, unique=True))
    first = Decimal(draw(st.integers(1, cents - 1))) / 100 if len(payers) == 2 else amount
    paid = [first, amount - first][: len(payers)]
    return (
        amount,
        split,
        list(zip(people, values, strict=True)),
        list(zip(payers, paid, strict=True)),
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(expenses(), min_size=1, max_size=5))
def test_an_import_computes_the_shares_the_expense_service_writes(user, drawn):
    group = Group.objects.create(name="Service", created_by=user)
    members = {name: GuestFactory(group=group, name=name) for name in NAMES}
    file = GroupFile(format="test", currency="EUR", members=[Person(key=n, name=n) for n in NAMES])
    for line, (amount, split, participants, payers) in enumerate(drawn, start=1):
        expense_create(
            group=group,
            created_by=None,
            description="Expense",
            amount=amount,
            split=split,
            participants=[Participant(members[n].pk, v) for n, v in participants],
            payers=[Payer(members[n].pk, a) for n, a in payers],
        )
        file.entries.append(
            Entry(
                line,
                "expense",
                "Expense",
                date(2026, 1, 1),
                amount,
                split=split,
                payers=payers,
                participants=participants,
            )
        )

    plan = resolve(file)

    written = [
        [(s.member.name, s.paid, s.owed) for s in expense.shares.order_by("id")]
        for expense in Expense.objects.filter(group=group).order_by("id")
    ]
    planned = [
        [(NAMES[i], Decimal(p) / 100, Decimal(o) / 100) for i, p, o in entry.shares]
        for entry in plan.entries
    ]
    assert planned == written


def test_the_importer_takes_the_place_of_the_person_with_their_username(user):
    data = (
        b'{"format": "splitwise-group", "version": 1, "group": {"name": "T", "currency": "EUR"},'
        b'"members": [{"key": "a", "name": "Annie", "username": "ann", "role": "member"},'
        b'{"key": "b", "name": "Bob", "username": "bob", "role": "admin"}], "expenses": []}'
    )

    report = group_import(owner=user, data=data, format="splitwise-group")

    annie, bob = report.group.members.order_by("id")
    assert (annie.name, annie.user, annie.role) == ("Annie", user, "admin")
    assert (bob.user, bob.role) == (None, "member")
    assert report.warnings == [
        "Registered in the file, imported as guests (they can join by invite): Bob.",
        "Admins in the file, members here (you administer the group): Bob.",
    ]


def test_the_importer_joins_under_a_free_name_when_theirs_is_taken(user):
    data = sample("sample.cospend.csv").replace(b"Alice", b"ann")

    report = group_import(owner=user, data=data, format="cospend-csv")

    assert report.group.members.get(user=user).name == "ann (2)"
    assert report.group.members.get(name="ann").user is None


class InjectedFault(Exception):
    """The failure the test injects; nothing in the code catches it."""


@pytest.mark.django_db(transaction=True)
def test_a_failure_part_way_leaves_no_group(user, monkeypatch):
    monkeypatch.setattr("groups.services.import_rows.BATCH", 2)
    calls = []
    original = bulk.copy

    def fail_on_the_second_batch(model, fields, rows):
        calls.append(1)
        if len(calls) == 2:
            assert Expense.objects.count() == 4  # the first batches were written
            raise InjectedFault
        return original(model, fields, rows)

    monkeypatch.setattr(bulk, "copy", fail_on_the_second_batch)

    with pytest.raises(InjectedFault):
        group_import(owner=user, data=sample("sample.cospend.csv"), format="cospend-csv")

    assert (Group.objects.count(), Expense.objects.count(), Share.objects.count()) == (0, 0, 0)


def test_the_cycle_collector_pauses_for_the_import_and_resumes_after(user, monkeypatch):
    seen = []
    original = bulk.copy

    def note_the_collector(model, fields, rows):
        seen.append(gc.isenabled())
        return original(model, fields, rows)

    monkeypatch.setattr(bulk, "copy", note_the_collector)

    group_import(owner=user, data=sample("sample.cospend.csv"), format="cospend-csv")

    assert seen and not any(seen)
    assert gc.isenabled()


def test_the_cycle_collector_resumes_after_a_refused_file(user):
    with pytest.raises(ValidationError):
        group_import(owner=user, data=b"not, a, cospend file", format="cospend-csv")

    assert gc.isenabled()


def test_every_format_name_has_a_reader():
    assert sorted(interchange.FORMATS) == [
        "cospend-csv",
        "ihatemoney-csv",
        "ihatemoney-json",
        "spliit-json",
        "splitwise-csv",
        "splitwise-group",
    ]
