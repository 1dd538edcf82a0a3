"""Invite links: a secret URL through which people join a group or claim a guest."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class InviteLinkQuerySet(models.QuerySet):
    def active(self) -> "InviteLinkQuerySet":
        return self.filter(disabled_at__isnull=True)


class InviteLink(models.Model):
    """A group's invite link: whoever has its token may join the group or claim a guest.

    The token is unguessable (256 random bits from ``secrets``). A group has at most one
    active link: making a new one disables the old one, and a disabled link never works again.
    """

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="invites")
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    disabled_at = models.DateTimeField(null=True, blank=True)

    objects = InviteLinkQuerySet.as_manager()

    class Meta:
        db_table = "invite_links"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(disabled_at__isnull=True),
                name="one_active_invite_per_group",
            ),
        ]

    def __str__(self):
        state = "disabled" if self.disabled_at else "active"
        return f"Invite to {self.group} ({state})"

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None
