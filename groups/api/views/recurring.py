"""A group's recurring expenses: list them, stop one, resume a paused one."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from groups.api.serializers.recurring import SeriesSerializer
from groups.api.views.groups import GroupScopedMixin
from groups.models import RecurringSeries
from groups.selectors.recurring import series_of
from groups.services.recurring import series_resume, series_stop


@extend_schema_view(
    destroy=extend_schema(description="Stop the series; the expenses it created stay."),
)
class RecurringViewSet(
    GroupScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """A group's recurring series (a plain list); any member may stop or resume one."""

    queryset = RecurringSeries.objects.all()
    serializer_class = SeriesSerializer
    pagination_class = None

    def get_queryset(self):
        return series_of(self.group)

    def perform_destroy(self, series):
        series_stop(series=series, actor=self.membership)

    @extend_schema(request=None, responses=SeriesSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, group_pk=None, pk=None):
        """Resume a paused series; its next run creates what it missed meanwhile."""
        series = series_resume(series=self.get_object(), actor=self.membership)
        return Response(self.get_serializer(series_of(self.group).get(pk=series.pk)).data)
