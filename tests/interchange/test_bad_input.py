"""A file that cannot be imported is refused with the line at fault, in every format."""

from decimal import Decimal

import pytest

from groups import interchange
from groups.interchange import FileError
from tests.interchange.conftest import sample

IHM_CSV = sample("sample.ihatemoney.csv").decode()
COSPEND = sample("sample.cospend.csv").decode()
SPLITWISE = sample("sample.splitwise.csv").decode()
SPLIIT = sample("sample.spliit.json").decode()
OURS = (
    '{"format": "splitwise-group", "version": 1, "group": {"name": "Trip", "currency": "EUR"},\n'
    '"members": [\n'
    '{"key": "m1", "name": "Ann", "username": null, "role": "admin", "active": true},\n'
    '{"key": "m2", "name": "Bob", "username": null, "role": "member", "active": true}\n'
    '],\n"expenses": [\n'
    '{"kind": "expense", "date": "2026-01-02", "description": "Dinner", "amount": "30.00",'
    ' "split": "equal", "shares": [{"member": "m1", "paid": "30.00", "owed": "15.00"},'
    ' {"member": "m2", "paid": "0.00", "owed": "15.00"}]}\n'
    "]}\n"
)


def refusal(data: str | bytes, format: str) -> FileError:
    with pytest.raises(FileError) as caught:
        interchange.read(data.encode() if isinstance(data, str) else data, format)
    return caught.value


def test_our_sample_of_our_format_reads():
    plan = interchange.read(OURS.encode(), "splitwise-group")

    assert [m.name for m in plan.members] == ["Ann", "Bob"]
    assert plan.entries[0].shares == [(0, 3000, 1500), (1, 0, 1500)]


@pytest.mark.parametrize("format", sorted(interchange.FORMATS))
@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_an_empty_file(format, data):
    error = refusal(data, format)

    assert (error.line, error.message) == (1, "the file is empty.")


@pytest.mark.parametrize("format", sorted(interchange.FORMATS))
def test_a_file_that_is_not_utf8(format):
    latin1 = "what,amount\nline two\nCafé,3\n".encode("latin-1")

    error = refusal(latin1, format)

    assert error.line == 3
    assert "not UTF-8" in error.message


def test_a_byte_order_mark_is_fine():
    with_bom = b"\xef\xbb\xbf" + IHM_CSV.encode()

    plan = interchange.read(with_bom, "ihatemoney-csv", rates={"USD": Decimal("0.9")})

    assert len(plan.entries) == 5


@pytest.mark.parametrize(
    ("data", "format", "line", "fragment"),
    [
        (OURS[: len(OURS) // 2], "splitwise-group", 4, "truncated"),
        (SPLIIT[:2000], "spliit-json", 56, "truncated"),
        (IHM_CSV[:150], "ihatemoney-csv", 3, "cells"),
        (IHM_CSV[: IHM_CSV.index("Alice, Bob") + 3], "ihatemoney-csv", 3, "truncated"),
        (COSPEND[:700], "cospend-csv", 12, "truncated"),
        (COSPEND[:650], "cospend-csv", 11, "cells"),
        (SPLITWISE[:200], "splitwise-csv", 4, "cells"),
    ],
    ids=["ours", "spliit", "ihm-row", "ihm-quote", "cospend-quote", "cospend-row", "splitwise"],
)
def test_a_truncated_file(data, format, line, fragment):
    error = refusal(data, format)

    assert error.line == line
    assert fragment in error.message


@pytest.mark.parametrize(
    ("file", "named", "looks_like"),
    [
        ("sample.ihatemoney.csv", "cospend-csv", "ihatemoney-csv"),
        ("sample.cospend.csv", "ihatemoney-csv", "cospend-csv"),
        ("sample.splitwise.csv", "ihatemoney-csv", "splitwise-csv"),
        ("sample.ihatemoney.json", "spliit-json", "ihatemoney-json"),
        ("sample.spliit.json", "ihatemoney-json", "spliit-json"),
        ("sample.spliit.json", "splitwise-group", "spliit-json"),
        ("sample.cospend.csv", "splitwise-csv", "cospend-csv"),
        ("sample.splitwise.csv", "splitwise-group", "splitwise-csv"),
        ("sample.ihatemoney.csv", "ihatemoney-json", "ihatemoney-csv"),
    ],
)
def test_a_file_in_another_format_than_named(file, named, looks_like):
    error = refusal(sample(file), named)

    assert error.line == 1
    assert error.message.startswith("this is not")
    assert f"it looks like {looks_like}" in error.message


@pytest.mark.parametrize(
    ("data", "format", "line"),
    [
        (IHM_CSV.replace("33.33", "33.3x"), "ihatemoney-csv", 4),
        (COSPEND.replace('"Dinner",45.5', '"Dinner",forty'), "cospend-csv", 9),
        (SPLITWISE.replace("-11.11,0.00,22.22", "-11.11,0.00,22.2.2"), "splitwise-csv", 5),
        (SPLIIT.replace('"amount": 3333', '"amount": "lots"'), "spliit-json", 51),
        (OURS.replace('"amount": "30.00"', '"amount": "3O.00"'), "splitwise-group", 7),
    ],
    ids=["ihatemoney", "cospend", "splitwise", "spliit", "ours"],
)
def test_an_amount_that_does_not_parse(data, format, line):
    error = refusal(data, format)

    assert error.line == line
    assert "not a" in error.message


@pytest.mark.parametrize(
    ("data", "format", "line"),
    [
        (IHM_CSV.replace(",USD,", ",XYZ,"), "ihatemoney-csv", 3),
        (COSPEND.replace('"USD",0.9', '"XYZ",0.9'), "cospend-csv", 37),
        (SPLITWISE.replace("30.00,USD", "30.00,XYZ"), "splitwise-csv", 7),
        (SPLIIT.replace('"currencyCode": "EUR"', '"currencyCode": "XYZ"'), "spliit-json", 1),
        (OURS.replace('"currency": "EUR"', '"currency": "XYZ"'), "splitwise-group", 1),
    ],
    ids=["ihatemoney", "cospend", "splitwise", "spliit", "ours"],
)
def test_an_unknown_currency(data, format, line):
    error = refusal(data, format)

    assert error.line == line
    assert "'XYZ' is not a currency code" in error.message


@pytest.mark.parametrize(
    ("data", "format", "line"),
    [
        (COSPEND.replace('"Chloé",1,1', '"Alice",1,1'), "cospend-csv", 4),
        (SPLITWISE.replace("Bob Nguyen", "Alice Martin", 1), "splitwise-csv", 1),
        (SPLIIT.replace('"name": "Chloé"', '"name": "Alice"'), "spliit-json", 136),
        (OURS.replace('"name": "Bob"', '"name": "Ann"'), "splitwise-group", 4),
    ],
    ids=["cospend", "splitwise", "spliit", "ours"],
)
def test_duplicate_member_names(data, format, line):
    error = refusal(data, format)

    assert error.line == line
    assert "two members are named" in error.message


def test_one_name_with_two_ihatemoney_weights_is_two_members():
    two_bobs = IHM_CSV.replace("Chloé,1.0,", "Bob,1.0,")

    error = refusal(two_bobs, "ihatemoney-csv")

    assert error.line == 5
    assert "Bob has weight 2 here but 1 on another bill" in error.message


@pytest.mark.parametrize(
    ("data", "format", "line", "fragment"),
    [
        (OURS.replace('{"member": "m2"', '{"member": "m9"'), "splitwise-group", 7, "'m9'"),
        (
            SPLITWISE.replace("45.00,-15.00,-15.00,-15.00", "45.00,-15.00,-15.00,-15.00,0.00"),
            "splitwise-csv",
            3,
            "matches no member",
        ),
        (
            COSPEND.replace('"Alice,Bob,Chloé",n,1,0,,48', '"Alice,Zoe",n,1,0,,48'),
            "cospend-csv",
            9,
            "'Zoe'",
        ),
        (
            SPLIIT.replace(
                '"participantId": "d2WmZ7kQx4Nv9Tp3Lr6Hf", "shares": 5000',
                '"participantId": "nobody", "shares": 5000',
            ),
            "spliit-json",
            51,
            "'nobody'",
        ),
    ],
    ids=["ours", "splitwise", "cospend", "spliit"],
)
def test_a_member_that_matches_no_member(data, format, line, fragment):
    error = refusal(data, format)

    assert error.line == line
    assert fragment in error.message


def test_a_foreign_amount_without_a_rate_is_refused_not_converted_silently():
    error = refusal(IHM_CSV, "ihatemoney-csv")

    assert error.line == 3
    assert "30.00 USD has no exchange rate to EUR" in error.message


@pytest.mark.parametrize(
    ("data", "line", "fragment"),
    [
        (OURS.replace('"Dinner"', '"Din\\u0000ner"'), 7, "NUL character"),
        (
            OURS.replace(
                '"amount": "30.00",',
                '"amount": "30.00", "currency": "USD", "exchange_rate": "0.12345678901",',
            ),
            7,
            "more than 10 decimal places",
        ),
        (
            OURS.replace(
                '"expenses": [', '"categories": [{"slug": "food", "name": "Food"}],\n"expenses": ['
            ),
            6,
            "'food' is not the slug of a category of the group's own",
        ),
        (
            OURS.replace("]}\n", '],\n"recurring": [{"expense": "e9", "every": "month"}]}\n'),
            10,
            "the series' expense 'e9' is not in the file",
        ),
        (
            OURS.replace('"kind"', '"key": "e1", "kind"').replace(
                "]}\n", '],\n"recurring": [{"expense": "e1", "every": "fortnight"}]}\n'
            ),
            7,
            "'fortnight' is not a unit",
        ),
        (
            OURS.replace(
                '"expenses": [', '"rates": [{"currency": "USD", "rate": "0.9"}],\n"expenses": ['
            ),
            6,
            "not a date",
        ),
    ],
    ids=["nul", "rate", "category", "series-expense", "series-unit", "rate-date"],
)
def test_our_ledger_fields_are_checked(data, line, fragment):
    error = refusal(data, "splitwise-group")

    assert error.line == line
    assert fragment in error.message


SERIES = (
    '"recurring": [{"expense": "e1", "every": "month", "next_index": 3, '
    '"occurrences": [{"date": "2026-02-02", "expense": "e2"}, {"date": "%s", "expense": "%s"}]}]'
)


@pytest.mark.parametrize(
    ("occurrence", "fragment"),
    [
        (("2026-02-02", "e3"), "two occurrences on 2026-02-02"),
        (("2026-03-02", "e2"), "'e2' is an occurrence twice"),
    ],
)
def test_a_series_occurs_once_a_date_and_an_expense_once(occurrence, fragment):
    first = OURS.index('{"kind"')
    expense = OURS[first : OURS.index("\n", first)]
    three = ",\n".join(expense.replace('{"kind"', f'{{"key": "e{n}", "kind"') for n in (1, 2, 3))
    data = OURS.replace(expense, three).replace("]}\n", "],\n" + SERIES % occurrence + "}\n")

    error = refusal(data, "splitwise-group")

    assert error.line == 7
    assert fragment in error.message


def test_a_group_amount_that_is_not_the_amount_at_the_rate_is_refused():
    data = OURS.replace(
        '"amount": "30.00",',
        '"amount": "30.00", "currency": "USD", "exchange_rate": "0.9", "group_amount": "30.00",',
    )

    error = refusal(data, "splitwise-group")

    assert error.line == 7
    assert "group_amount 30.00 is not 30.00 USD at the rate 0.9 (27.00 EUR)" in error.message
