import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groups.domain.debts import EXACT_SETTLEMENT_LIMIT, Transfer, settle_up
from groups.domain.money import CENT, from_cents, to_cents


def balances_of(*amounts, first_party=1):
    return {party: Decimal(amount) for party, amount in enumerate(amounts, start=first_party)}


def remaining_after(balances, transfers):
    remaining = dict(balances)
    for transfer in transfers:
        remaining[transfer.debtor] += transfer.amount
        remaining[transfer.creditor] -= transfer.amount
    return remaining


def assert_settles(balances, transfers):
    unsettled = sum(1 for balance in balances.values() if balance)
    assert all(balance == 0 for balance in remaining_after(balances, transfers).values())
    assert all(transfer.amount >= CENT for transfer in transfers)
    assert all(transfer.amount == transfer.amount.quantize(CENT) for transfer in transfers)
    assert len(transfers) <= max(unsettled - 1, 0)
    assert transfers == sorted(transfers, key=lambda transfer: (transfer.debtor, transfer.creditor))


def set_partitions(items):
    if not items:
        yield []
        return
    first, *rest = items
    for partition in set_partitions(rest):
        for index in range(len(partition)):
            yield [*partition[:index], [first, *partition[index]], *partition[index + 1 :]]
        yield [[first], *partition]


def brute_force_fewest_transfers(cents):
    """Fewest transfers: every zero-sum group of k parties needs exactly k - 1 of them."""
    unsettled = [amount for amount in cents if amount]
    most_groups = max(
        len(partition)
        for partition in set_partitions(unsettled)
        if all(sum(group) == 0 for group in partition)
    )
    return len(unsettled) - most_groups


def subset_dp_fewest_transfers(cents):
    """Fewest transfers by the textbook dynamic programme over every subset of parties."""
    unsettled = [amount for amount in cents if amount]
    subsets = 1 << len(unsettled)
    subset_sum = [0] * subsets
    most_zero_sum_prefixes = [0] * subsets
    for subset in range(1, subsets):
        lowest = (subset & -subset).bit_length() - 1
        subset_sum[subset] = subset_sum[subset & (subset - 1)] + unsettled[lowest]
        most_zero_sum_prefixes[subset] = max(
            most_zero_sum_prefixes[subset ^ (1 << party)]
            for party in range(len(unsettled))
            if subset >> party & 1
        ) + (subset_sum[subset] == 0)
    return len(unsettled) - most_zero_sum_prefixes[subsets - 1]


@st.composite
def zero_sum_cents(draw, min_parties=1, max_parties=8):
    """Balances in cents for several parties, some of them zero, that add up to zero."""
    amounts = st.one_of(
        st.integers(min_value=-5, max_value=5),
        st.integers(min_value=-100_000, max_value=100_000),
    )
    cents = draw(st.lists(amounts, min_size=min_parties - 1, max_size=max_parties - 1))
    return [*cents, -sum(cents)]


@st.composite
def zero_sum_balances(draw, min_parties=1, max_parties=8):
    """Balances keyed by distinct party ids that add up to zero."""
    cents = draw(zero_sum_cents(min_parties, max_parties))
    parties = draw(
        st.lists(
            st.integers(min_value=1, max_value=10**6),
            min_size=len(cents),
            max_size=len(cents),
            unique=True,
        )
    )
    return {party: from_cents(amount) for party, amount in zip(parties, cents, strict=True)}


def test_a_single_debt_is_one_transfer():
    assert settle_up(balances_of("10.00", "-10.00")) == [
        Transfer(debtor=2, creditor=1, amount=Decimal("10.00"))
    ]


def test_a_chain_of_debts_collapses_into_one_transfer():
    # 1 owes 2 who owes 3 the same amount: 2 is square and 1 pays 3 directly.
    assert settle_up(balances_of("-25.50", "0", "25.50")) == [
        Transfer(debtor=1, creditor=3, amount=Decimal("25.50"))
    ]


def test_a_triangle_needs_two_transfers():
    assert settle_up(balances_of("10.00", "-4.00", "-6.00")) == [
        Transfer(debtor=2, creditor=1, amount=Decimal("4.00")),
        Transfer(debtor=3, creditor=1, amount=Decimal("6.00")),
    ]


def test_two_independent_pairs_need_two_transfers_not_three():
    assert settle_up(balances_of("5.00", "7.00", "-5.00", "-7.00")) == [
        Transfer(debtor=3, creditor=1, amount=Decimal("5.00")),
        Transfer(debtor=4, creditor=2, amount=Decimal("7.00")),
    ]


def test_finds_groups_that_largest_debtor_first_would_miss():
    # Paying the largest debtor to the largest creditor first would take four transfers.
    balances = balances_of("6", "4", "-3", "-3", "-4")

    transfers = settle_up(balances)

    assert len(transfers) == 3
    assert Transfer(debtor=5, creditor=2, amount=Decimal("4.00")) in transfers
    assert_settles(balances, transfers)


@pytest.mark.parametrize(
    ("cents", "fewest"),
    [
        # Six +1/-1 pairs and one +2 with two -1: seven groups.
        ([1] * 6 + [2] + [-1] * 8, 8),
        # No proper subset sums to zero, so everyone is one group.
        ([-7] * 8 + [8] * 7, 14),
        # Five triples and no opposite pair: five groups of three.
        ([100, 2, -102, 300, 5, -305, 700, 11, -711, 1300, 17, -1317, 1900, 23, -1923], 10),
        ([1] * 7 + [-1] * 7, 7),
    ],
)
def test_fewest_transfers_for_many_parties(cents, fewest):
    balances = {party: from_cents(amount) for party, amount in enumerate(cents)}

    transfers = settle_up(balances)

    assert len(transfers) == fewest
    assert_settles(balances, transfers)


def test_parties_with_zero_balance_are_left_out():
    transfers = settle_up(balances_of("0", "3.00", "0.00", "-3.00", "0"))

    assert transfers == [Transfer(debtor=4, creditor=2, amount=Decimal("3.00"))]


@pytest.mark.parametrize("balances", [{}, {7: Decimal("0")}, balances_of("0", "0.00")])
def test_nothing_to_settle(balances):
    assert settle_up(balances) == []


@pytest.mark.parametrize(
    "balances",
    [balances_of("10.00", "-9.99"), balances_of("0.01"), balances_of("-5", "-5", "9.99")],
)
def test_balances_that_do_not_add_up_to_zero_are_refused(balances):
    with pytest.raises(ValueError, match="add up to zero"):
        settle_up(balances)


def test_fractions_of_a_cent_are_refused():
    with pytest.raises(ValueError):
        settle_up(balances_of("0.005", "-0.005"))


def test_order_of_the_balances_does_not_matter():
    balances = balances_of("6", "4", "-3", "-3", "-4", "2", "-2")
    reordered = dict(reversed(list(balances.items())))

    assert settle_up(reordered) == settle_up(balances)


def test_ties_are_broken_by_party_id():
    assert settle_up(balances_of("1", "1", "-1", "-1")) == [
        Transfer(debtor=3, creditor=1, amount=Decimal("1.00")),
        Transfer(debtor=4, creditor=2, amount=Decimal("1.00")),
    ]


@settings(max_examples=150, deadline=None)
@given(zero_sum_balances())
def test_transfers_clear_every_balance_with_the_fewest_transfers(balances):
    transfers = settle_up(balances)

    assert_settles(balances, transfers)
    cents = [to_cents(balance) for balance in balances.values()]
    assert len(transfers) == brute_force_fewest_transfers(cents)


@settings(max_examples=15, deadline=None)
@given(zero_sum_cents(min_parties=9, max_parties=12))
def test_fewest_transfers_up_to_twelve_parties(cents):
    balances = {party: from_cents(amount) for party, amount in enumerate(cents)}

    transfers = settle_up(balances)

    assert_settles(balances, transfers)
    assert len(transfers) == subset_dp_fewest_transfers(cents)


@settings(max_examples=50, deadline=None)
@given(zero_sum_balances(), st.randoms())
def test_same_balances_give_the_same_transfers(balances, random_order):
    shuffled = list(balances.items())
    random_order.shuffle(shuffled)

    assert settle_up(dict(shuffled)) == settle_up(balances)


@settings(max_examples=30, deadline=None)
@given(zero_sum_balances(min_parties=20, max_parties=40))
def test_many_parties_are_settled_greedily_within_parties_minus_one(balances):
    transfers = settle_up(balances)

    assert_settles(balances, transfers)


@pytest.mark.parametrize("party_count", [EXACT_SETTLEMENT_LIMIT, EXACT_SETTLEMENT_LIMIT + 1, 200])
def test_settles_around_and_far_beyond_the_exact_limit(party_count):
    generator = random.Random(party_count)
    cents = [generator.randint(-100_000, 100_000) or 1 for _ in range(party_count - 1)]
    cents.append(-sum(cents))
    balances = {party: from_cents(amount) for party, amount in enumerate(cents)}

    transfers = settle_up(balances)

    assert_settles(balances, transfers)
    assert settle_up(balances) == transfers
