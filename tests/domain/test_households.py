"""Folding managed members into households keeps every cent and every member."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from groups.domain.households import Party, fold_households

cents = st.integers(min_value=-(10**9), max_value=10**9).map(lambda c: Decimal(c) / 100)


def test_managed_members_fold_into_their_manager():
    balances = {1: Decimal("10.00"), 2: Decimal("-4.00"), 3: Decimal("-6.00"), 4: Decimal("0")}

    parties = fold_households(balances, manager_of={2: 1, 4: 3})

    assert parties == [
        Party(member=1, balance=Decimal("6.00"), includes=[2]),
        Party(member=3, balance=Decimal("-6.00"), includes=[4]),
    ]


def test_no_managers_means_one_party_per_member():
    balances = {1: Decimal("1.00"), 2: Decimal("-1.00")}

    assert fold_households(balances, {}) == [
        Party(member=1, balance=Decimal("1.00")),
        Party(member=2, balance=Decimal("-1.00")),
    ]


@st.composite
def households(draw):
    """Balances of up to 30 members, some of them managed by unmanaged members."""
    members = draw(st.lists(st.integers(1, 10**6), min_size=1, max_size=30, unique=True))
    balances = {member: draw(cents) for member in members}
    managed = draw(st.lists(st.sampled_from(members), unique=True, max_size=len(members) - 1))
    managers = [m for m in members if m not in managed]
    manager_of = {member: draw(st.sampled_from(managers)) for member in managed}
    return balances, manager_of


@given(households())
def test_aggregation_preserves_the_total_and_every_member(case):
    balances, manager_of = case

    parties = fold_households(balances, manager_of)

    assert sum(p.balance for p in parties) == sum(balances.values())
    folded = [p.member for p in parties] + [m for p in parties for m in p.includes]
    assert sorted(folded) == sorted(balances)
    for party in parties:
        assert party.member not in manager_of
        expected = balances[party.member] + sum(balances[m] for m in party.includes)
        assert party.balance == expected
