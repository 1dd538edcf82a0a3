"""A group's activity log."""

from rest_framework import mixins, viewsets

from groups.api.serializers.activity import ActivitySerializer
from groups.api.views.groups import GroupScopedMixin
from groups.models import Activity
from groups.selectors.activity import group_activity


class ActivityViewSet(GroupScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Everything that happened in a group, newest first: who changed what, and when."""

    queryset = Activity.objects.all()
    serializer_class = ActivitySerializer

    def get_queryset(self):
        return group_activity(self.group)
