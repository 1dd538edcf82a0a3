"""An expense's page: its comments (add; delete by the author or an admin) and its history."""

from decimal import Decimal

import pytest
from django.test import Client

from groups.models import Comment
from groups.services.comments import comment_add
from groups.services.expenses import Participant, Payer, expense_delete, expense_update
from tests.factories import UserFactory, add_expense
from tests.web.conftest import text, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def expense(group, ann, bob):
    return add_expense(group, ann, [ann, bob], amount="30.00")


def test_a_member_adds_a_comment(login, group, bob, expense):
    as_bob = login(bob.user)
    response = as_bob.post(url("comment-add", group, expense), {"text": "  I paid the tip  "})

    assert response.status_code == 302
    assert response["Location"] == url("expense-detail", group, expense) + "#comments"
    comment = Comment.objects.get()
    assert (comment.text, comment.author, comment.expense) == ("I paid the tip", bob.user, expense)
    page = text(as_bob.get(response["Location"]))
    assert "Comment added." in page and "I paid the tip" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Write something: a comment cannot be empty."),
        ("   \n ", "Write something: a comment cannot be empty."),
        ("x" * 2001, "A comment has at most 2000 characters (this has 2001)."),
    ],
)
def test_a_bad_comment_is_refused_with_the_apis_words(as_ann, group, expense, typed, message):
    response = as_ann.post(url("comment-add", group, expense), {"text": typed})

    assert response.status_code == 400
    assert not Comment.objects.exists()
    form = response.context["comment_form"]
    assert form.errors["text"] == [message]
    page = text(response)
    assert "data-error-summary" in page and message in page
    if typed.strip():
        assert typed in page  # what was typed stays in the box


def test_a_comment_on_an_expense_in_the_trash_is_refused(as_ann, group, ann, expense):
    expense_delete(expense=expense, actor=ann)

    response = as_ann.post(url("comment-add", group, expense), {"text": "Why?"})

    assert response.status_code == 400
    assert "This expense is in the trash: restore it to change its comments." in text(response)
    assert not Comment.objects.exists()


def test_the_author_deletes_their_comment_after_confirming(login, group, bob, expense):
    comment = comment_add(expense=expense, author=bob.user, text="Mine")
    as_bob = login(bob.user)
    page = text(as_bob.get(url("expense-detail", group, expense)))
    assert url("comment-delete", group, expense, comment) in page

    ask = as_bob.get(url("comment-delete", group, expense, comment))
    assert ask.status_code == 200 and "Delete this comment?" in text(ask)
    assert Comment.objects.filter(pk=comment.pk).exists()
    response = as_bob.post(url("comment-delete", group, expense, comment))

    assert response.status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_an_admin_deletes_anyones_comment(as_ann, group, bob, expense):
    comment = comment_add(expense=expense, author=bob.user, text="Bob's")
    assert as_ann.post(url("comment-delete", group, expense, comment)).status_code == 302
    assert not Comment.objects.exists()


def test_a_member_cannot_delete_someone_elses_comment(login, group, ann, bob, expense):
    comment = comment_add(expense=expense, author=ann.user, text="Ann's")
    as_bob = login(bob.user)
    assert url("comment-delete", group, expense, comment) not in text(
        as_bob.get(url("expense-detail", group, expense))
    )

    for response in (
        as_bob.get(url("comment-delete", group, expense, comment)),
        as_bob.post(url("comment-delete", group, expense, comment)),
    ):
        assert response.status_code == 403
        assert "Only its author or a group admin may delete a comment." in text(response)
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_comment_writes_need_the_csrf_token(user, group, expense):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(url("comment-add", group, expense)).status_code == 405
    assert client.post(url("comment-add", group, expense), {"text": "Hi"}).status_code == 403
    assert not Comment.objects.exists()


def test_strangers_and_other_expenses_get_404(login, as_ann, group, ann, expense):
    comment = comment_add(expense=expense, author=ann.user, text="Ann's")
    stranger = login(UserFactory(username="eve"))
    assert stranger.post(url("comment-add", group, expense), {"text": "Hi"}).status_code == 404
    assert stranger.post(url("comment-delete", group, expense, comment)).status_code == 404
    another = add_expense(group, ann, [ann])
    assert as_ann.post(url("comment-delete", group, another, comment)).status_code == 404
    assert list(Comment.objects.values_list("text", flat=True)) == ["Ann's"]


def test_the_expense_page_shows_its_history(as_ann, group, ann, bob, expense):
    expense_update(
        expense=expense,
        actor=ann,
        amount=Decimal("40.00"),
        split="equal",
        participants=[Participant(ann.pk), Participant(bob.pk)],
        payers=[Payer(ann.pk, Decimal("40.00"))],
    )
    other = add_expense(group, ann, [ann])

    response = as_ann.get(url("expense-detail", group, expense))

    history = response.context["history"]
    assert [entry.summary for entry in history] == [
        "ann changed Expense: amount, shares",
        "Someone added Expense (30.00)",
    ]
    assert all(entry.expense_id == expense.pk for entry in history)
    assert other.pk != expense.pk
    page = text(response)
    assert "Amount: 30.00 → 40.00" in page and "bob owes: 15.00 → 20.00" in page
