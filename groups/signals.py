"""Keeps managed_by pointing at someone when a user account is deleted (rule 4).

Accounts are deleted by auth's own views, the admin and scripts, so a signal is the one
place that sees them all; the work itself is a service.
"""

from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from groups.services.accounts import user_memberships_detach


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def release_members_of_deleted_user(sender, instance, **kwargs):
    user_memberships_detach(user=instance)
