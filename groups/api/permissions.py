"""Who may do what in a group, checked before the request body is read (403 before 400).

The services check the same rules again; these classes only make sure a caller without the
right gets 403 even when their body is also wrong. Views that use them provide
``membership``: the caller's active membership of the group in the URL (404 without one).
"""

from django.core.exceptions import PermissionDenied
from rest_framework import permissions
from rest_framework.exceptions import NotFound

from groups import rules
from groups.selectors.groups import membership_of


class IsGroupMember(permissions.BasePermission):
    """The caller is an active member of the group in the URL; anyone else gets 404."""

    def has_permission(self, request, view):
        return view.membership is not None


class IsGroupAdmin(permissions.BasePermission):
    """Only the group's admins, whatever the method (e.g. its invite link)."""

    message = "Only a group admin may do this."

    def has_permission(self, request, view):
        return view.membership.is_admin


class IsGroupAdminOrReadOnly(permissions.BasePermission):
    """Members may read a group; only its admins may rename or delete it."""

    message = "Only a group admin may do this."

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        membership = membership_of(obj, request.user)
        if membership is None:
            # The caller left, or the group was deleted, since it was looked up: it is gone.
            raise NotFound
        return membership.is_admin


class IsAdminOrSelfOrReadOnly(permissions.BasePermission):
    """Members may read members; only admins, or the member themself, may change or remove one."""

    message = "Only a group admin may change or remove another member."

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return view.membership.is_admin or view.membership.pk == obj.pk


class MayChangeManager(permissions.BasePermission):
    """Rule 3: admins always; others may claim an unmanaged guest, release or leave a manager."""

    def has_object_permission(self, request, view, obj):
        try:
            if request.method == "DELETE":
                rules.check_may_clear(actor=view.membership, member=obj)
            else:
                rules.check_may_set(actor=view.membership, member=obj)
        except PermissionDenied as denied:
            self.message = str(denied)
            return False
        return True
