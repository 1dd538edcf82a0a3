"""Adding, editing, viewing and deleting expenses: four splits, several payers."""

from decimal import Decimal

import pytest

from groups.models import Expense
from groups.selectors.balances import member_balances
from groups.services.members import member_deactivate
from tests.factories import add_expense
from tests.web.conftest import text, url

pytestmark = pytest.mark.django_db


def form_data(members, *, amount="90.00", split="equal", parts=None, paid_by=None, paid=None):
    data = {
        "description": "Dinner",
        "amount": amount,
        "date": "2026-03-01",
        "split": split,
        "participants": [m.pk for m in members],
        "paid_by": "several" if paid else str((paid_by or members[0]).pk),
    }
    for member, part in zip(members, parts or [], strict=False):
        data[f"part_{member.pk}"] = part
    for member, amount_paid in (paid or {}).items():
        data[f"paid_{member.pk}"] = amount_paid
    return data


def owed(expense):
    return {s.member.name: s.owed for s in expense.shares.all() if s.owed}


@pytest.mark.parametrize(
    ("split", "parts", "expected"),
    [
        ("equal", None, ["30.00", "30.00", "30.00"]),
        ("exact", ["50", "30.50", "9.50"], ["50.00", "30.50", "9.50"]),
        ("percent", ["50", "25", "25"], ["45.00", "22.50", "22.50"]),
        ("shares", ["2", "", "1"], ["45.00", "22.50", "22.50"]),  # empty counts as 1
    ],
)
def test_adding_an_expense_with_each_split(as_ann, group, ann, bob, kid, split, parts, expected):
    data = form_data([ann, bob, kid], split=split, parts=parts)
    response = as_ann.post(url("expense-add", group), data)
    assert response.status_code == 302, response.context["form"].errors
    expense = Expense.objects.get()
    assert expense.split == split and expense.created_by == ann.user
    assert owed(expense) == dict(zip(["ann", "bob", "Kid"], map(Decimal, expected), strict=True))


def test_an_expense_paid_by_two(as_ann, group, ann, bob, kid):
    data = form_data([ann, bob, kid], paid={ann: "60.00", bob: "30.00"})
    assert as_ann.post(url("expense-add", group), data).status_code == 302
    balances = member_balances(group.pk)
    assert balances == {
        ann.pk: Decimal("30.00"),
        bob.pk: Decimal("0.00"),
        kid.pk: Decimal("-30.00"),
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "12.345"}, "amount", "2 decimal places"),
        ({"amount": "0"}, "amount", "greater than or equal to 0.01"),
        ({"split": "percent", "parts": ["50", "20", "20"]}, "participants", "add up to 90"),
        ({"split": "exact", "parts": ["10", "10", "10"]}, "participants", "add up to 30.00"),
        ({"split": "exact", "parts": ["10", "", "80"]}, "part_bob", "Needed for this split"),
        ({"split": "shares", "parts": ["-1", "1", "1"]}, "part_ann", "more than zero"),
        ({"paid": {"ann": "10.00"}}, "paid_by", "add up to 10.00, not 90.00"),
        ({"participants": []}, "participants", "Choose who shares"),
    ],
)
def test_a_refused_expense_says_why_keeps_the_input_and_writes_nothing(
    as_ann, group, ann, bob, kid, changes, field, message
):
    members = {"ann": ann, "bob": bob, "kid": kid}
    paid = {members[name]: amount for name, amount in changes.pop("paid", {}).items()}
    participants = changes.pop("participants", None)
    data = form_data(
        [ann, bob, kid],
        paid=paid,
        **{k: v for k, v in changes.items() if k in ("split", "parts", "amount")},
    )
    if participants is not None:
        data["participants"] = participants
    field = field.replace("_bob", f"_{bob.pk}").replace("_ann", f"_{ann.pk}")

    response = as_ann.post(url("expense-add", group), data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = text(response)
    assert "data-error-summary" in html
    assert 'value="Dinner"' in html
    assert not Expense.objects.exists()


def test_a_member_who_left_cannot_take_part(as_ann, group, ann, kid):
    member_deactivate(member=kid, actor=ann)
    response = as_ann.post(url("expense-add", group), form_data([ann, kid]))
    assert "Select a valid choice" in str(response.context["form"].errors["participants"])
    assert not Expense.objects.exists()


def test_one_payer_with_amounts_typed_asks_to_choose_several(as_ann, group, ann, bob):
    data = form_data([ann, bob])
    data[f"paid_{bob.pk}"] = "90.00"
    response = as_ann.post(url("expense-add", group), data)
    assert "Several people" in " ".join(response.context["form"].errors["paid_by"])


def test_the_preview_splits_with_the_same_function(as_ann, group, ann, bob, kid):
    data = form_data([ann, bob, kid], amount="100.00", split="percent", parts=["50", "25", "25"])
    response = as_ann.post(url("expense-preview", group), data, HTTP_HX_REQUEST="true")
    rows = [(r.member.name, r.paid, r.owed) for r in response.context["preview"].rows]
    assert rows == [
        ("ann", Decimal("100.00"), Decimal("50.00")),
        ("bob", Decimal("0"), Decimal("25.00")),
        ("Kid", Decimal("0"), Decimal("25.00")),
    ]
    assert "<html" not in text(response)  # a fragment for htmx, not a page
    assert not Expense.objects.exists()

    data[f"part_{kid.pk}"] = "5"
    response = as_ann.post(url("expense-preview", group), data)
    assert "add up to 80" in response.context["preview"].problem


def test_previewing_without_javascript_saves_nothing(as_ann, group, ann, bob):
    data = {**form_data([ann, bob], amount="10.00"), "preview": "1"}
    response = as_ann.post(url("expense-add", group), data)
    assert response.status_code == 200
    assert [r.owed for r in response.context["preview"].rows] == [Decimal("5.00")] * 2
    assert not Expense.objects.exists()


def test_editing_keeps_the_split_values_and_saves(as_ann, group, ann, bob, kid):
    expense = add_expense(
        group, ann, [ann, bob, kid], amount="90.00", split="shares", values=["2", "1", "1"]
    )
    form = as_ann.get(url("expense-edit", group, expense)).context["form"]
    assert form.initial["split"] == "shares"
    assert [form.initial[f"part_{m.pk}"] for m in (ann, bob, kid)] == ["2", "1", "1"]

    data = form_data([ann, bob], amount="40.00", split="exact", parts=["15", "25"])
    response = as_ann.post(url("expense-edit", group, expense), data)
    assert response["Location"] == url("expense-detail", group, expense)
    expense.refresh_from_db()
    assert expense.amount == Decimal("40.00")
    assert owed(expense) == {"ann": Decimal("15.00"), "bob": Decimal("25.00")}


def test_the_expense_page_shows_its_category_and_notes(as_ann, group, ann, bob):
    expense = add_expense(group, ann, [ann, bob], amount="12.00")
    Expense.objects.filter(pk=expense.pk).update(
        category="restaurants", notes="Tip included.\n<b>Receipt</b> in the car."
    )
    html = as_ann.get(url("expense-detail", group, expense)).content.decode()
    assert "<dt>Category</dt><dd>Restaurants</dd>" in html
    assert "Tip included.<br>&lt;b&gt;Receipt&lt;/b&gt; in the car." in html


def test_the_expense_page_shows_each_share(as_ann, group, ann, bob):
    expense = add_expense(group, ann, [ann, bob], amount="5000000606.00")
    response = as_ann.get(url("expense-detail", group, expense))
    html = text(response)
    assert "€5,000,000,606.00" in html and "€2,500,000,303.00" in html
    assert [(s.member.name, s.paid, s.owed) for s in response.context["shares"]] == [
        ("ann", Decimal("5000000606.00"), Decimal("2500000303.00")),
        ("bob", Decimal("0.00"), Decimal("2500000303.00")),
    ]


def test_deleting_an_expense_asks_first(as_ann, group, ann, bob):
    expense = add_expense(group, ann, [ann, bob])
    assert "Delete “Expense”?" in text(as_ann.get(url("expense-delete", group, expense)))
    assert Expense.objects.live().exists()
    response = as_ann.post(url("expense-delete", group, expense))
    assert response["Location"] == url("expense-list", group)
    assert not Expense.objects.live().exists()
    assert Expense.objects.trashed().get() == expense


def test_deleting_what_involves_someone_who_left_is_refused(as_ann, group, ann, bob, kid):
    expense = add_expense(group, ann, [ann, kid], amount="10.00")
    add_expense(group, kid, [ann, kid], amount="10.00")
    member_deactivate(member=kid, actor=ann)
    response = as_ann.post(url("expense-delete", group, expense))
    assert response.status_code == 400 and "who left the group" in text(response)
    assert Expense.objects.filter(pk=expense.pk).exists()
