"""Groups that share costs, their members, and the expenses and payments between them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, OuterRef, Q, Subquery, When
from django.utils import timezone

from groups.fields import MoneyField

# A member's manager is a registered user (the usual case) or a guest member heading a
# household. Nothing else may be stored in managed_by.
MANAGER_CONTENT_TYPES = Q(app_label="auth", model="user") | Q(
    app_label="groups", model="groupmember"
)


class Group(models.Model):
    """A set of people sharing costs (a trip, a flat, a family), in one currency."""

    name = models.CharField(max_length=100)
    currency = models.CharField(
        max_length=3,
        default="EUR",
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code.")],
        help_text="ISO 4217 code, e.g. EUR.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_expense_groups",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "expense_groups"
        ordering = ["id"]

    def __str__(self):
        return self.name


def manager_reference(manager: "GroupMember") -> tuple[int, int]:
    """The (content type id, object id) that ``managed_by`` stores for ``manager``."""
    target = manager.user if manager.user_id is not None else manager
    return ContentType.objects.get_for_model(target).pk, target.pk


class GroupMemberQuerySet(models.QuerySet):
    def with_manager_name(self) -> "GroupMemberQuerySet":
        """Annotate each member with ``manager_name``, read in the same query."""
        user_type = ContentType.objects.get_for_model(get_user_model())
        same_group = GroupMember.objects.filter(group_id=OuterRef("group_id"))
        by_user = same_group.filter(user_id=OuterRef("managed_by_id")).values("name")[:1]
        by_member = same_group.filter(pk=OuterRef("managed_by_id")).values("name")[:1]
        return self.annotate(
            manager_name=Case(
                When(managed_by_type=user_type, then=Subquery(by_user)),
                When(managed_by_type__isnull=False, then=Subquery(by_member)),
            )
        )

    def managed_by(self, manager: "GroupMember") -> "GroupMemberQuerySet":
        """The members of ``manager``'s group whom ``manager`` manages."""
        type_id, object_id = manager_reference(manager)
        return self.filter(
            group_id=manager.group_id, managed_by_type_id=type_id, managed_by_id=object_id
        )


class GroupMember(models.Model):
    """One participant of one group: a registered user or a guest known only by name.

    A member who leaves is deactivated, never deleted while anything references them. When
    their user account is deleted, the membership stays as a guest under the same name.
    A member may be *managed by* another active member of the same group (a user or a guest
    heading a household); a managed member manages nobody, and a manager is not managed.
    """

    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        MEMBER = "member", "Member"

    # No index of its own: the unique (group, name) index serves lookups by group.
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="members", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    name = models.CharField(max_length=100)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(default=True)
    joined_at = models.DateTimeField(default=timezone.now)
    # The manager: an auth.User (a registered member) or a GroupMember (a guest heading a
    # household). The column names are part of the operations contract.
    managed_by_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to=MANAGER_CONTENT_TYPES,
        db_column="managed_by_type",
        related_name="+",
        db_index=False,  # the (managed_by_type, managed_by_id) index serves it
    )
    managed_by_id = models.PositiveBigIntegerField(null=True, blank=True)
    managed_by = GenericForeignKey("managed_by_type", "managed_by_id")

    objects = GroupMemberQuerySet.as_manager()

    class Meta:
        db_table = "group_members"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["managed_by_type", "managed_by_id"], name="member_managed_by"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(managed_by_type__isnull=True, managed_by_id__isnull=True)
                | Q(managed_by_type__isnull=False, managed_by_id__isnull=False),
                name="member_managed_by_both_or_neither",
            ),
            models.UniqueConstraint(fields=["group", "name"], name="member_name_unique_in_group"),
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(user__isnull=False),
                name="user_member_once_per_group",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["admin", "member"]), name="member_role_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN

    def is_managed_by(self, manager: "GroupMember") -> bool:
        """Whether ``manager`` (a member of the same group) manages this member."""
        if self.managed_by_id is None or manager.group_id != self.group_id:
            return False
        return (self.managed_by_type_id, self.managed_by_id) == manager_reference(manager)


class Expense(models.Model):
    """A cost paid by one or more members and owed by others, or a payment between two.

    Its shares' paid column and owed column each sum exactly to its amount.
    """

    class Kind(models.TextChoices):
        EXPENSE = "expense", "Expense"
        PAYMENT = "payment", "Payment"

    class Split(models.TextChoices):
        EQUAL = "equal", "Equally"
        EXACT = "exact", "By exact amounts"
        PERCENT = "percent", "By percentages"
        SHARES = "shares", "By shares"

    # No index of its own: the (group, date) index serves lookups by group.
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="expenses", db_index=False
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EXPENSE)
    description = models.CharField(max_length=200)
    amount = MoneyField()
    split = models.CharField(max_length=10, choices=Split.choices, default=Split.EQUAL)
    date = models.DateField(default=timezone.localdate)
    category = models.CharField(max_length=50, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "expenses"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["group", "date"], name="expense_group_date")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=["expense", "payment"]), name="expense_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.description} ({self.amount})"


class Share(models.Model):
    """What one member paid towards and owes of one expense.

    ``group`` repeats the expense's group so balances are one range scan over the
    (group, member, paid, owed) index, and so every group-scoped table shards by group.
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

    class Meta:
        db_table = "expense_shares"
        ordering = ["id"]
        indexes = [
            # Covers the balances aggregate: no table lookups, one range per group.
            models.Index(fields=["group", "member", "paid", "owed"], name="share_group_balance"),
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
