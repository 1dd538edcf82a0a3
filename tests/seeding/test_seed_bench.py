import random
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q, Sum
from rest_framework.authtoken.models import Token

from groups.models import Expense, GroupMember, Share
from groups.seeding.bench import SPLITS, balances_of, generate_expenses, seed_group
from groups.selectors.balances import member_balances
from groups.services import totals

TODAY = date(2026, 1, 1)


def test_generation_is_reproducible_and_covers_every_split():
    first = list(generate_expenses(random.Random(7), [1, 2, 3, 4, 5], 400, today=TODAY))
    second = list(generate_expenses(random.Random(7), [1, 2, 3, 4, 5], 400, today=TODAY))
    assert first == second
    assert {e.split for e in first if e.kind == "expense"} == set(SPLITS)
    assert any(e.kind == "payment" for e in first)
    assert first[0].date <= first[-1].date <= TODAY


def test_generated_shares_keep_every_invariant():
    for expense in generate_expenses(random.Random(3), [1, 2, 3, 4, 5, 6, 7], 2000, today=TODAY):
        members = [member for member, _, _ in expense.shares]
        assert len(members) == len(set(members))
        assert sum(paid for _, paid, _ in expense.shares) == expense.amount_cents
        assert sum(owed for _, _, owed in expense.shares) == expense.amount_cents
        assert all(paid >= 0 and owed >= 0 and paid + owed > 0 for _, paid, owed in expense.shares)
        assert len([owed for _, _, owed in expense.shares if owed]) <= 6


def test_generation_needs_two_members():
    with pytest.raises(ValueError):
        next(generate_expenses(random.Random(0), [1], 1, today=TODAY))


@pytest.fixture
def seeded(db):
    return seed_group(name="Bench", members=20, expenses=300, seed=11, today=TODAY)


@pytest.mark.django_db
def test_seeded_members_guests_and_households(seeded):
    members = GroupMember.objects.filter(group=seeded.group)
    assert members.count() == 20
    assert members.filter(user__isnull=True).exists()
    assert members.filter(role="admin").get().user == seeded.owner
    assert members.filter(managed_by_id__isnull=False).count() == 2


@pytest.mark.django_db
def test_seeded_expenses_keep_every_invariant_in_the_database(seeded):
    expenses = Expense.objects.filter(group=seeded.group)
    assert expenses.count() == seeded.expenses == 300
    assert Share.objects.filter(group=seeded.group).count() == seeded.shares
    assert set(expenses.filter(kind="expense").values_list("split", flat=True)) == set(SPLITS)
    assert expenses.filter(kind="payment").count() == seeded.payments > 0

    totals = expenses.annotate(paid=Sum("shares__paid"), owed=Sum("shares__owed"))
    broken = totals.exclude(paid=F("amount"), owed=F("amount"))
    assert not broken.exists()
    assert (
        not Share.objects.filter(group=seeded.group).exclude(expense__group=seeded.group).exists()
    )
    assert not Share.objects.filter(Q(paid__lt=0) | Q(owed__lt=0) | Q(paid=0, owed=0)).exists()
    payments = expenses.filter(kind="payment").annotate(rows=Count("shares"))
    assert set(payments.values_list("rows", flat=True)) == {2}


@pytest.mark.django_db
def test_seeded_balances_sum_to_zero_and_match_a_pure_recomputation(seeded):
    generated = generate_expenses(
        random.Random(11), [m.pk for m in seeded.members], 300, today=TODAY
    )
    balances = member_balances(seeded.group.pk)
    assert sum(balances.values()) == Decimal("0.00")
    assert balances == balances_of(generated)
    assert len(balances) == 20


@pytest.mark.django_db
def test_command_prints_the_group_and_a_working_token():
    out = StringIO()
    call_command("seed_bench", members=5, expenses=40, group_name="Flat", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines() if "=" in line)
    group_id = int(lines["group_id"])
    assert Expense.objects.filter(group_id=group_id).count() == 40
    token = Token.objects.get(key=lines["token"])
    assert GroupMember.objects.filter(group_id=group_id, user=token.user, role="admin").exists()
    # A second group of the same name in the same database gets accounts of its own.
    accounts = User.objects.count()
    call_command("seed_bench", members=5, expenses=1, group_name="Flat", stdout=StringIO())
    assert User.objects.count() == 2 * accounts


@pytest.mark.django_db
def test_command_refuses_a_group_of_one():
    with pytest.raises(CommandError):
        call_command("seed_bench", members=1, expenses=1, stdout=StringIO())


@pytest.mark.django_db
def test_command_crowds_the_database_with_groups_whose_totals_match_their_shares():
    out = StringIO()
    call_command("seed_bench", members=4, expenses=30, groups=3, stdout=out)
    first, last = map(int, out.getvalue().split("group_ids=")[1].split()[0].split("-"))
    group_ids = list(range(first, last + 1))
    assert len(group_ids) == 3
    for group_id in group_ids:
        assert Expense.objects.filter(group_id=group_id).count() == 30
        assert GroupMember.objects.filter(group_id=group_id).count() == 4
        # Every share is on a member of its own group.
        assert not Share.objects.filter(group_id=group_id).exclude(member__group_id=group_id)
        assert sum(member_balances(group_id).values()) == Decimal("0.00")
        assert not totals.drift(group_id)
    # The same history on each group's own members.
    amounts = [
        sorted(Expense.objects.filter(group_id=g).values_list("amount", flat=True))
        for g in group_ids
    ]
    assert amounts[0] == amounts[1] == amounts[2]


@pytest.mark.django_db
def test_command_refuses_no_groups():
    with pytest.raises(CommandError):
        call_command("seed_bench", members=3, expenses=1, groups=0, stdout=StringIO())
