"""Comments on an expense: written by members, deleted by their author or an admin."""

import pytest

from groups.models import Comment
from groups.services.comments import comment_add
from tests.api.paths import group_path
from tests.factories import add_expense

pytestmark = pytest.mark.django_db


@pytest.fixture
def expense(group, ann, kid):
    return add_expense(group, ann, [ann, kid])


def comments_path(group, expense, *parts):
    return group_path(group, "expenses", expense, "comments", *parts)


def test_write_and_read_comments(api, api_as, group, expense, ann, bob):
    first = api.post(comments_path(group, expense), {"text": "  Lovely dinner!  "}, format="json")
    second = api_as(bob.user).post(comments_path(group, expense), {"text": "Agreed"}, format="json")

    assert first.status_code == 201
    body = first.json()
    assert set(body) == {"id", "author", "text", "created_at"}
    assert (body["author"], body["text"]) == (
        {"id": ann.user_id, "username": "ann"},
        "Lovely dinner!",
    )
    assert second.status_code == 201
    listed = api_as(bob.user).get(comments_path(group, expense)).json()
    assert [c["text"] for c in listed["results"]] == ["Lovely dinner!", "Agreed"]


def test_a_comment_of_exactly_2000_characters_once_stripped(api, group, expense):
    text = "x" * 2000

    response = api.post(comments_path(group, expense), {"text": f"\n {text} \n"}, format="json")

    assert response.status_code == 201
    assert response.json()["text"] == text


@pytest.mark.parametrize(
    "text", ["", "   ", "\n\t", "x" * 2001], ids=["empty", "blank", "ws", "long"]
)
def test_empty_or_overlong_comments_are_refused(api, group, expense, text):
    response = api.post(comments_path(group, expense), {"text": text}, format="json")

    assert response.status_code == 400
    assert "text" in response.json()
    assert not Comment.objects.exists()


def test_the_author_deletes_their_own(api_as, group, expense, bob):
    comment = comment_add(expense=expense, author=bob.user, text="Oops")

    response = api_as(bob.user).delete(comments_path(group, expense, comment))

    assert response.status_code == 204
    assert not Comment.objects.exists()


def test_an_admin_deletes_anyones(api, group, expense, bob):
    comment = comment_add(expense=expense, author=bob.user, text="Spam")

    assert api.delete(comments_path(group, expense, comment)).status_code == 204
    assert not Comment.objects.exists()


def test_another_member_may_not_delete_it(api_as, group, expense, ann, bob):
    comment = comment_add(expense=expense, author=ann.user, text="Mine")

    response = api_as(bob.user).delete(comments_path(group, expense, comment))

    assert response.status_code == 403
    assert Comment.objects.get().text == "Mine"


def test_a_comment_whose_author_is_gone_reads_as_null(api, api_as, group, expense, bob):
    comment_add(expense=expense, author=bob.user, text="Bye")
    bob.user.delete()

    listed = api.get(comments_path(group, expense)).json()["results"]

    assert [(c["author"], c["text"]) for c in listed] == [(None, "Bye")]


def test_another_groups_expenses_and_comments_are_not_found(
    api, api_as, group, expense, eve, eves_group
):
    theirs = add_expense(eves_group, eves_group.members.get(), [eves_group.members.get()])
    their_comment = comment_add(expense=theirs, author=eve, text="Private")
    mine = comment_add(expense=expense, author=None, text="Ours")

    assert api.get(comments_path(eves_group, theirs)).status_code == 404
    assert (
        api.post(comments_path(eves_group, theirs), {"text": "Hi"}, format="json").status_code
        == 404
    )
    # Their expense under our group's URL, our comment under their expense: neither exists.
    assert api.get(comments_path(group, theirs)).status_code == 404
    assert api.delete(comments_path(group, theirs, their_comment)).status_code == 404
    assert api.delete(comments_path(group, expense, their_comment)).status_code == 404
    assert api_as(eve).delete(comments_path(group, expense, mine)).status_code == 404
    assert Comment.objects.count() == 2


def test_comments_go_to_the_trash_and_come_back_with_their_expense(api, group, expense):
    comment = comment_add(expense=expense, author=None, text="Kept with it")
    comments = group_path(group, "expenses", expense, "comments")

    assert api.delete(group_path(group, "expenses", expense)).status_code == 204
    assert [c["id"] for c in api.get(comments).json()["results"]] == [comment.pk]  # kept
    assert api.post(comments, {"text": "Late"}, format="json").status_code == 404
    assert Comment.objects.get() == comment

    restore = group_path(group, "expenses", expense, "restore")
    assert api.post(restore, format="json").status_code == 200
    assert [c["id"] for c in api.get(comments).json()["results"]] == [comment.pk]
