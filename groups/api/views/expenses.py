"""A group's expenses and payments."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from groups.api.filters import ExpenseFilter
from groups.api.serializers.expenses import (
    ExpenseSerializer,
    ExpenseWriteSerializer,
    PaymentWriteSerializer,
)
from groups.api.views.groups import WRITE_ACTIONS, GroupScopedMixin
from groups.errors import errors_renamed
from groups.models import Expense
from groups.selectors.expenses import expenses_of
from groups.services.expenses import expense_create, expense_delete, expense_update, payment_create


@extend_schema_view(
    create=extend_schema(responses={201: ExpenseSerializer}),
    update=extend_schema(responses=ExpenseSerializer),
    partial_update=extend_schema(responses=ExpenseSerializer),
)
class ExpenseViewSet(GroupScopedMixin, viewsets.ModelViewSet):
    """A group's expenses and payments, newest first; any member records, edits or deletes."""

    queryset = Expense.objects.all()
    serializer_class = ExpenseSerializer
    filterset_class = ExpenseFilter

    def get_queryset(self):
        return expenses_of(self.group)

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
                expense=serializer.instance, **serializer.service_arguments()
            )

    def perform_destroy(self, expense):
        expense_delete(expense=expense)

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
