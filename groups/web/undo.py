"""Success messages with an Undo button: the message carries the URL the button posts to."""

from django.contrib import messages

UNDO_PREFIX = "undo:"


def success_with_undo(request, text: str, *, undo_url: str) -> None:
    """A success message whose Undo button posts to ``undo_url`` (see messages.html)."""
    messages.success(request, text, extra_tags=UNDO_PREFIX + undo_url)


def undo_url(message) -> str:
    """The URL a message's Undo button posts to, or "" for a message without one."""
    tags = message.extra_tags or ""
    return tags.removeprefix(UNDO_PREFIX) if tags.startswith(UNDO_PREFIX) else ""
