"""What each format's particulars become: weights, repayments, incomes, currencies, leavers."""

import json
from decimal import Decimal

import pytest

from groups import interchange
from groups.interchange import FileError
from tests.interchange.conftest import balances, sample


def shares_by_name(plan, entry):
    return {plan.members[i].name: (paid, owed) for i, paid, owed in entry.shares}


def ihatemoney(*bills: str) -> bytes:
    header = "what,bill_type,amount,currency,date,payer_name,payer_weight,owers\r\n"
    return (header + "".join(f"{bill}\r\n" for bill in bills)).encode()


def test_ihatemoney_reimbursements_to_one_person_are_payments_else_expenses():
    plan = interchange.read(
        ihatemoney(
            "Back,Reimbursement,20.0,EUR,2024-03-05,Dan,1.0,Alice",
            'Split back,Reimbursement,10.0,EUR,2024-03-06,Dan,1.0,"Alice, Bob"',
        ),
        "ihatemoney-csv",
    )

    payment, shared = plan.entries
    assert payment.kind == "payment"
    assert shares_by_name(plan, payment) == {"Dan": (2000, 0), "Alice": (0, 2000)}
    assert shared.kind == "expense"
    assert shares_by_name(plan, shared) == {"Dan": (1000, 0), "Alice": (0, 500), "Bob": (0, 500)}
    assert any("Reimbursements that are not from one person" in w for w in plan.warnings)


def test_ihatemoney_negative_bills_are_the_reverse_expense():
    plan = interchange.read(
        ihatemoney('Refund,Expense,-30.0,EUR,2024-03-05,Ann,1.0,"Ann, Bob, Cy"'), "ihatemoney-csv"
    )

    (entry,) = plan.entries
    assert entry.amount == 3000
    assert balances(plan) == {
        "Ann": Decimal("-20.00"),
        "Bob": Decimal("10.00"),
        "Cy": Decimal("10.00"),
    }
    assert any("Negative bills" in w for w in plan.warnings)


def test_ihatemoney_csv_undoes_its_formula_escaping():
    plan = interchange.read(
        ihatemoney("'=SUM(A1),Expense,4.0,EUR,2024-03-05,Ann,1.0,Bob"), "ihatemoney-csv"
    )

    assert plan.entries[0].description == "=SUM(A1)"


def test_splitwise_csv_keeps_every_net_when_several_paid():
    text = (
        "Date,Description,Category,Cost,Currency,Ann,Bob,Cy\n"
        "2024-01-01,Hotel,Lodging,100.00,EUR,30.00,10.00,-40.00\n"
    )

    plan = interchange.read(text.encode(), "splitwise-csv")

    (entry,) = plan.entries
    assert entry.amount == 10000
    # Ann and Bob paid 100.00 between them and owed 60.00 of it, in proportion to their nets.
    assert shares_by_name(plan, entry) == {
        "Ann": (7500, 4500),
        "Bob": (2500, 1500),
        "Cy": (0, 4000),
    }
    assert balances(plan) == {"Ann": Decimal("30.00"), "Bob": Decimal("10.00"), "Cy": -40}


def test_splitwise_csv_in_german_with_decimal_commas():
    text = (
        "Datum,Beschreibung,Kategorie,Kosten,Währung,Ann,Bob\n\n"
        '2024-01-01,Essen,Essen,"7,20",EUR,"3,60","-3,60"\n'
        "2024-01-02,Ann zahlte Bob,Zahlung,3.60,EUR,-3.60,3.60\n"
    )

    plan = interchange.read(text.encode(), "splitwise-csv")

    assert [e.kind for e in plan.entries] == ["expense", "payment"]
    assert balances(plan) == {"Ann": 0, "Bob": 0}
    assert any('no "Total balance" lines' in w for w in plan.warnings)


def test_splitwise_csv_rows_must_add_up_to_zero():
    text = "Date,Description,Category,Cost,Currency,Ann,Bob\n2024-01-01,X,Y,5.00,EUR,5.00,-4.00\n"

    with pytest.raises(FileError, match=r"line 2: the members' cells add up to 1.00"):
        interchange.read(text.encode(), "splitwise-csv")


def spliit(**changes) -> bytes:
    document = json.loads(sample("sample.spliit.json"))
    document.update(changes)
    return json.dumps(document).encode()


def test_spliit_amounts_are_minor_units_of_the_group_currency():
    document = json.loads(sample("sample.spliit.json"))
    document["currencyCode"] = "JPY"
    for expense in document["expenses"]:
        expense.update(originalAmount=None, originalCurrency=None, conversionRate=None)

    plan = interchange.read(json.dumps(document).encode(), "spliit-json")

    assert plan.currency == "JPY"
    assert plan.entries[0].amount == 600000  # 6000 yen, as 6000.00
    # Split to the hundredth of a yen, our rule's cent: within one of Spliit's -1167 yen.
    assert balances(plan)["Dan"] == Decimal("-1166.50")


def test_spliit_incomes_are_the_reverse_expense():
    document = json.loads(sample("sample.spliit.json"))
    document["expenses"] = [document["expenses"][0]]
    document["expenses"][0]["amount"] = -6000

    plan = interchange.read(json.dumps(document).encode(), "spliit-json")

    # Alice received 60.00 for all four: each of the others is owed their 15.00 of it.
    assert balances(plan) == {
        "Alice": Decimal("-45.00"),
        "Bob": Decimal("15.00"),
        "Chloé": Decimal("15.00"),
        "Dan": Decimal("15.00"),
    }


def test_cospend_inactive_members_and_the_trash():
    text = (
        sample("sample.cospend.csv")
        .decode()
        .replace(
            '"Internet",30,2024-03-06,1709719200,"Bob",2,1,"Alice,Bob,Chloé",m,1,0,2024-05-31,44,t,24,'
            '"Monthly+box+subscription",0',
            '"Internet",30,2024-03-06,1709719200,"Bob",2,1,"Alice,Bob,Chloé",n,1,0,,44,t,24,"",1',
        )
    )

    plan = interchange.read(text.encode(), "cospend-csv")

    internet = next(e for e in plan.entries if e.description == "Internet")
    assert internet.deleted and internet.line == 13
    assert (plan.expenses, plan.payments) == (4, 1)  # the trash counts for nothing
    kept = interchange.read(sample("sample.cospend.csv"), "cospend-csv")
    bob = next(n for n, m in enumerate(plan.members) if m.name == "Bob")
    assert plan.balances()[bob] == kept.balances()[bob] - sum(
        paid - owed for index, paid, owed in internet.shares if index == bob
    )
    assert not plan.series  # a bill in the trash repeats no more
    assert {m.name for m in plan.members if not m.active} == {"Dan"}


def test_too_small_to_split_leaves_out_who_gets_nothing():
    plan = interchange.read(
        ihatemoney('Gum,Expense,0.02,EUR,2024-03-05,Ann,1.0,"Ann, Bob, Cy"'), "ihatemoney-csv"
    )

    assert shares_by_name(plan, plan.entries[0]) == {"Ann": (2, 1), "Bob": (0, 1)}
    assert any("Too small to give everyone a cent" in w for w in plan.warnings)


def test_spliit_originals_in_the_group_currency_are_no_conversion():
    document = json.loads(sample("sample.spliit.json"))
    museum = document["expenses"][3]
    converted = interchange.read(json.dumps(document).encode(), "spliit-json")
    museum.update(originalCurrency="EUR", originalAmount=2700, conversionRate="1")

    unconverted = interchange.read(json.dumps(document).encode(), "spliit-json")

    museum_converted, museum_unconverted = converted.entries[3], unconverted.entries[3]
    assert (museum_converted.currency, museum_converted.amount) == ("USD", 3000)
    assert museum_converted.exchange_rate == Decimal("0.9")
    assert (museum_unconverted.currency, museum_unconverted.amount) == ("EUR", 2700)
    assert museum_unconverted.exchange_rate == 1
    assert museum_converted.group_amount == museum_unconverted.group_amount == 2700
    assert balances(converted) == balances(unconverted)
