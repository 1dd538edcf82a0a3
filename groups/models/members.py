"""The members of a group, and who manages whom."""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, OuterRef, Q, Subquery, When
from django.utils import timezone

from groups import references
from groups.fields import MoneyField
from groups.models.groups import Group


class GroupMemberQuerySet(models.QuerySet):
    """Look-ups of members by who manages them."""

    def with_manager_name(self) -> "GroupMemberQuerySet":
        """Annotate each member with ``manager_name``, read in the same query."""
        same_group = GroupMember.objects.filter(group_id=OuterRef("group_id"))
        by_user = same_group.filter(user_id=OuterRef("managed_by_id")).values("name")[:1]
        by_member = same_group.filter(pk=OuterRef("managed_by_id")).values("name")[:1]
        return self.annotate(
            manager_name=Case(
                When(managed_by_type_id=references.user_type_id(), then=Subquery(by_user)),
                When(managed_by_type__isnull=False, then=Subquery(by_member)),
            )
        )

    def managed_by(self, manager: "GroupMember") -> "GroupMemberQuerySet":
        """The members of ``manager``'s group whom ``manager`` manages."""
        return self.filter(references.managed_by_filter(manager))


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
        limit_choices_to=references.MANAGER_CONTENT_TYPES,
        db_column="managed_by_type",
        related_name="+",
        db_index=False,  # the (managed_by_type, managed_by_id) index serves it
    )
    managed_by_id = models.PositiveBigIntegerField(null=True, blank=True)
    managed_by = GenericForeignKey("managed_by_type", "managed_by_id")
    # What the member paid and owes over the group's live shares, kept by every write that
    # changes shares, in its transaction (groups/services/totals.py): balances read one row
    # per member instead of an aggregate over the group's whole history.
    # reconcile_balances checks them against the shares.
    total_paid = MoneyField(default=0)
    total_owed = MoneyField(default=0)

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
    def balance(self) -> Decimal:
        """What the member paid minus what they owe, from the maintained totals as loaded."""
        return self.total_paid - self.total_owed

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
        return (self.managed_by_type_id, self.managed_by_id) == references.reference_to(manager)
