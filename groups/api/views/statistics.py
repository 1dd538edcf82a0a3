"""A group's spending, by category, by month and by member."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from groups.api.serializers.statistics import StatisticsQuerySerializer, StatisticsSerializer
from groups.api.views.groups import GroupScopedMixin
from groups.models import Expense
from groups.selectors.statistics import group_statistics


class StatisticsView(GroupScopedMixin, generics.GenericAPIView):
    """Totals of the group's expenses (payments excluded) in its currency."""

    queryset = Expense.objects.none()
    serializer_class = StatisticsSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(parameters=[StatisticsQuerySerializer], responses=StatisticsSerializer)
    def get(self, request, group_pk=None):
        # An empty parameter (?date_after=, as an HTML form sends it) means no bound.
        params = {key: value for key, value in request.query_params.items() if value != ""}
        query = StatisticsQuerySerializer(data=params)
        query.is_valid(raise_exception=True)
        statistics = group_statistics(self.group, **query.validated_data)
        return Response(StatisticsSerializer(statistics).data)
