"""Plain-value pictures of what the API wrote and small builders of request bodies."""

from groups.models import Expense, Share


def expense_rows():
    """Every expense and share as plain values, to prove a refused write changed nothing."""
    return (
        list(
            Expense.objects.order_by("pk").values_list(
                "pk", "description", "amount", "date", "deleted_at"
            )
        ),
        list(
            Share.objects.order_by("pk").values_list("pk", "member_id", "paid", "owed", "in_trash")
        ),
    )


def shares_of(response):
    """An expense response's shares as {member id: (paid, owed)}."""
    return {s["member"]: (s["paid"], s["owed"]) for s in response.json()["shares"]}


def participants(*pairs):
    """A body's participants from (member, value) pairs."""
    return [{"member": m.pk, "value": v} for m, v in pairs]
