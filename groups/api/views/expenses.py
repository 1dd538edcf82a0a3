"""A group's expenses and payments, their trash and their history."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from groups.api.filters import ExpenseFilter
from groups.api.serializers.activity import ActivitySerializer
from groups.api.serializers.expenses import (
    ExpenseSerializer,
    ExpenseWriteSerializer,
    PaymentWriteSerializer,
)
from groups.api.views.groups import WRITE_ACTIONS, GroupScopedMixin
from groups.errors import errors_renamed
from groups.models import Expense
from groups.selectors.activity import expense_history
from groups.selectors.expenses import expenses_of
from groups.services.expenses import expense_create, expense_delete, expense_update
from groups.services.payments import payment_create
from groups.services.trash import expense_restore

# Actions on one expense that reach it in the trash too.
TRASH_ACTIONS = {"restore", "activity"}
# Actions whose service reloads the expense under the group's lock, shares and all.
RELOADING_ACTIONS = {"update", "partial_update", "destroy"}


@extend_schema_view(
    create=extend_schema(responses={201: ExpenseSerializer}),
    update=extend_schema(responses=ExpenseSerializer),
    partial_update=extend_schema(responses=ExpenseSerializer),
    destroy=extend_schema(description="Move the expense or payment to the group's trash."),
)
class ExpenseViewSet(GroupScopedMixin, viewsets.ModelViewSet):
    """A group's expenses and payments, newest first; any member records, edits or deletes.

    A deleted one goes to the trash: ``?deleted=true`` lists it, ``restore`` brings it back.
    """

    queryset = Expense.objects.all()
    serializer_class = ExpenseSerializer
    filterset_class = ExpenseFilter

    def get_queryset(self):
        # Live and trashed: the filter keeps the live ones unless deleted=true.
        expenses = expenses_of(self.group, trash=None)
        if self.action in RELOADING_ACTIONS:
            return expenses.prefetch_related(None)  # the shares read here would go unused
        return expenses

    def filter_queryset(self, queryset):
        if self.action in TRASH_ACTIONS:
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action in WRITE_ACTIONS:
            return ExpenseWriteSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer):
        with errors_renamed(self._renames(serializer)):
            serializer.instance = expense_create(
                group=self.group, created_by=self.request.user, **serializer.service_arguments()
            )

    def perform_update(self, serializer):
        with errors_renamed(self._renames(serializer)):
            serializer.instance = expense_update(
                expense=serializer.instance,
                actor=self.request.user,
                **serializer.service_arguments(),
            )

    def perform_destroy(self, expense):
        expense_delete(expense=expense, actor=self.request.user)

    @extend_schema(request=None, responses=ExpenseSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, group_pk=None, pk=None):
        """Bring an expense or payment back from the trash: same id, same shares."""
        expense = expense_restore(expense=self.get_object(), actor=request.user)
        expense = expenses_of(self.group).get(pk=expense.pk)
        return Response(ExpenseSerializer(expense, context=self.get_serializer_context()).data)

    @extend_schema(responses=ActivitySerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def activity(self, request, group_pk=None, pk=None):
        """The expense's own history, newest first: created, changed, trashed, restored …"""
        entries = expense_history(self.get_object())
        return Response(ActivitySerializer(entries, many=True).data)

    @staticmethod
    def _renames(serializer) -> dict[str, str]:
        # The service knows only "payers"; a client who sent paid_by reads about paid_by.
        return {"payers": "paid_by"} if "paid_by" in serializer.validated_data else {}


@extend_schema_view(create=extend_schema(responses={201: ExpenseSerializer}))
class PaymentViewSet(
    GroupScopedMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Payments between two members of a group (also listed among its expenses)."""

    queryset = Expense.objects.filter(kind=Expense.Kind.PAYMENT)
    serializer_class = ExpenseSerializer

    def get_queryset(self):
        return expenses_of(self.group).filter(kind=Expense.Kind.PAYMENT)

    def get_serializer_class(self):
        if self.action == "create":
            return PaymentWriteSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = payment_create(
            group=self.group,
            created_by=self.request.user,
            from_member_id=data["from_member"],
            to_member_id=data["to_member"],
            amount=data["amount"],
            date=data.get("date"),
            description=data.get("description", ""),
            currency=data.get("currency"),
            exchange_rate=data.get("exchange_rate"),
        )
