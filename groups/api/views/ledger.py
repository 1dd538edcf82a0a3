"""A group's rate table and categories, and the comments on one of its expenses."""

from functools import cached_property

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from groups.api.filters import RateFilter
from groups.api.serializers.ledger import (
    CategorySerializer,
    CategoryWriteSerializer,
    CommentSerializer,
    CommentWriteSerializer,
    RateSerializer,
    RateWriteSerializer,
)
from groups.api.views.groups import GroupScopedMixin
from groups.models import Category, Comment, ExchangeRate, Expense
from groups.selectors.categories import categories_of
from groups.selectors.comments import comments_of
from groups.selectors.rates import rates_of
from groups.services.categories import category_create
from groups.services.comments import comment_add, comment_delete
from groups.services.rates import rate_set


@extend_schema_view(
    create=extend_schema(
        request=RateWriteSerializer,
        responses={201: RateSerializer, 200: RateSerializer},
        description="Add a rate (201), or replace the rate of that currency and day (200).",
    ),
)
class RateViewSet(
    GroupScopedMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The group's exchange rates: group-currency units for one unit of another currency."""

    queryset = ExchangeRate.objects.all()
    serializer_class = RateSerializer
    filterset_class = RateFilter

    def get_queryset(self):
        return rates_of(self.group)

    def get_serializer_class(self):
        return RateWriteSerializer if self.action == "create" else RateSerializer

    def create(self, request, *args, **kwargs):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        rate, created = rate_set(group=self.group, actor=request.user, **body.validated_data)
        return Response(
            RateSerializer(rate).data, status=status.HTTP_201_CREATED if created else 200
        )


@extend_schema_view(create=extend_schema(responses={201: CategorySerializer}))
class CategoryViewSet(
    GroupScopedMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The categories an expense may take: the default set, then the group's own."""

    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return categories_of(self.group)

    def get_serializer_class(self):
        return CategoryWriteSerializer if self.action == "create" else CategorySerializer

    def perform_create(self, serializer):
        serializer.instance = category_create(
            group=self.group, name=serializer.validated_data["name"], actor=self.request.user
        )


@extend_schema_view(create=extend_schema(responses={201: CommentSerializer}))
class CommentViewSet(
    GroupScopedMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Comments on an expense, oldest first; deleted by their author or a group admin."""

    queryset = Comment.objects.all()
    serializer_class = CommentSerializer
    filter_backends = []

    @cached_property
    def expense(self) -> Expense:
        # Comments of an expense in the trash can be read (they come back with it), not added
        # to or deleted.
        expenses = Expense.objects.filter(group=self.group)
        if self.request.method not in SAFE_METHODS:
            expenses = expenses.live()
        return get_object_or_404(expenses, pk=self.kwargs["expense_pk"])

    def get_queryset(self):
        return comments_of(self.expense)

    def get_serializer_class(self):
        return CommentWriteSerializer if self.action == "create" else CommentSerializer

    def perform_create(self, serializer):
        serializer.instance = comment_add(
            expense=self.expense, author=self.request.user, text=serializer.validated_data["text"]
        )

    def perform_destroy(self, comment):
        comment_delete(comment=comment, actor=self.membership)
