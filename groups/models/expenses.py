"""Expenses and payments, and every member's share of them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from groups.domain.money import SPLIT_METHODS
from groups.fields import MoneyField, RateField
from groups.models.groups import Group
from groups.models.members import GroupMember

MAX_NOTES = 2000


class ExpenseQuerySet(models.QuerySet):
    """Expenses and payments by whether they are in the group's trash."""

    def live(self) -> "ExpenseQuerySet":
        """Those that count: not in the trash. Lists, balances and statistics read these."""
        return self.filter(deleted_at__isnull=True)

    def trashed(self) -> "ExpenseQuerySet":
        """Those in the trash, which a restore brings back."""
        return self.filter(deleted_at__isnull=False)


class Expense(models.Model):
    """A cost paid by one or more members and owed by others, or a payment between two.

    ``amount`` is in ``currency``; ``group_amount`` is ``amount times exchange_rate`` rounded
    half-up to the cent, in the group's currency (the same as ``amount``, at the rate 1, for an
    expense in the group's currency). Its shares' paid column and owed column each sum exactly
    to ``group_amount``. ``category`` is a default category's slug, one of the group's own, or
    empty. A deleted expense goes to the group's trash (``deleted_at`` set, its shares marked
    ``in_trash``) and counts for nothing until it is restored; only ``live()`` expenses are
    listed or summed.
    """

    class Kind(models.TextChoices):
        EXPENSE = "expense", "Expense"
        PAYMENT = "payment", "Payment"

    Split = models.TextChoices(
        "Split", [(method.upper(), (method, label)) for method, label in SPLIT_METHODS.items()]
    )

    # No index of its own: the (group, date) index serves lookups by group.
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="expenses", db_index=False
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EXPENSE)
    description = models.CharField(max_length=200)
    amount = MoneyField()
    currency = models.CharField(max_length=3, help_text="ISO 4217 code of the amount.")
    exchange_rate = RateField(
        default=Decimal(1),
        help_text="Units of the group's currency for one unit of the expense's currency.",
    )
    group_amount = MoneyField(help_text="The amount in the group's currency.")
    split = models.CharField(max_length=10, choices=Split.choices, default=Split.EQUAL)
    date = models.DateField(default=timezone.localdate)
    category = models.CharField(max_length=50, blank=True, default="")
    notes = models.TextField(blank=True, default="", validators=[MaxLengthValidator(MAX_NOTES)])
    # The free text the category held before categories became a fixed list, kept so that
    # migrating back restores it exactly; empty for expenses recorded since.
    legacy_category = models.CharField(max_length=50, blank=True, default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # When it was moved to the trash; None while it counts.
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = ExpenseQuerySet.as_manager()

    class Meta:
        db_table = "expenses"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["group", "date"], name="expense_group_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=["expense", "payment"]), name="expense_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(group_amount__gt=0), name="expense_group_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(exchange_rate__gt=0), name="expense_exchange_rate_positive"
            ),
        ]

    def __str__(self):
        return f"{self.description} ({self.amount})"


class ShareQuerySet(models.QuerySet):
    """Shares by whether their expense is in the trash."""

    def live(self) -> "ShareQuerySet":
        """The shares that count towards balances: their expense is not in the trash."""
        return self.filter(in_trash=False)


class Share(models.Model):
    """What one member paid towards and owes of one expense, in the group's currency.

    ``group`` repeats the expense's group so balances are one range scan over the
    (group, member, paid, owed) index, and so every group-scoped table shards by group.
    ``in_trash`` repeats whether the expense is in the trash for the same reason: the balance
    index holds live shares only, so leaving the trash out needs no join with expenses.
    """

    # Neither foreign key has an index of its own: the unique (expense, member) index and the
    # covering (group, member, paid, owed) index start with them. A separate group_id index
    # would also tempt PostgreSQL's planner away from the covering one.
    expense = models.ForeignKey(
        Expense, on_delete=models.CASCADE, related_name="shares", db_index=False
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+", db_index=False)
    # RESTRICT, not PROTECT: a member with shares cannot be deleted on its own, but deleting
    # the whole group (which deletes the shares too) still works.
    member = models.ForeignKey(GroupMember, on_delete=models.RESTRICT, related_name="shares")
    paid = MoneyField(default=0)
    owed = MoneyField(default=0)
    # Set and cleared with the expense's deleted_at, by the services that trash and restore.
    in_trash = models.BooleanField(default=False, db_default=False)

    objects = ShareQuerySet.as_manager()

    class Meta:
        db_table = "expense_shares"
        ordering = ["id"]
        indexes = [
            # Covers the balances aggregate: no table lookups, one range per group. Partial:
            # trashed shares are not in it, so the aggregate over live() reads it alone.
            # in_trash is a column too (always false here) only because SQLite counts an
            # index as covering when it holds every column the query names.
            models.Index(
                fields=["group", "member", "paid", "owed", "in_trash"],
                name="share_group_balance",
                condition=Q(in_trash=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["expense", "member"], name="share_once_per_member"),
            models.CheckConstraint(
                condition=Q(paid__gte=0) & Q(owed__gte=0) & (Q(paid__gt=0) | Q(owed__gt=0)),
                name="share_amounts_positive",
            ),
        ]

    def __str__(self):
        return f"{self.member}: paid {self.paid}, owed {self.owed}"
