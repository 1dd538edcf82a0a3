"""Expenses and payments: what is read back, and what is sent to record or change one."""

from rest_framework import serializers

from groups.api.serializers.accounts import UserRefSerializer
from groups.api.serializers.fields import (
    DecimalInputField,
    ExpenseDateField,
    MemberIdField,
    RateOutputField,
    StrictCharField,
    money,
)
from groups.api.serializers.recurring import RepeatSerializer
from groups.models import Expense
from groups.models.expenses import MAX_NOTES
from groups.services.expenses import Participant, Payer


class ShareSerializer(serializers.Serializer):
    """What one member paid towards and owes of an expense."""

    member = serializers.IntegerField(source="member_id", read_only=True)
    paid = money()
    owed = money()


class ExpenseSerializer(serializers.ModelSerializer):
    """An expense or a payment (see kind), with every member's share.

    ``amount`` is in ``currency``; ``group_amount`` (amount times exchange_rate, to the cent) and
    the shares are in the group's currency. ``deleted_at`` is set while it is in the trash;
    ``recurring`` is the series it belongs to.
    """

    amount = money()
    exchange_rate = RateOutputField()
    group_amount = money()
    created_by = UserRefSerializer(read_only=True, allow_null=True)
    shares = ShareSerializer(many=True, read_only=True)
    recurring = serializers.SerializerMethodField()

    class Meta:
        model = Expense
        fields = [
            "id",
            "kind",
            "description",
            "amount",
            "currency",
            "exchange_rate",
            "group_amount",
            "date",
            "category",
            "notes",
            "split",
            "created_by",
            "created_at",
            "updated_at",
            "deleted_at",
            "recurring",
            "shares",
        ]
        read_only_fields = fields

    def get_recurring(self, expense: Expense) -> int | None:
        occurrence = getattr(expense, "occurrence", None)
        return occurrence.series_id if occurrence is not None else None


class ListItemSerializer(serializers.Serializer):
    """An item of a list in a body: whole even in a PATCH.

    DRF hands a PATCH's ``partial`` down to nested serializers, which would let a listed
    participant or payer leave out its member; a PATCH may omit the list, not half an item.
    """

    def validate(self, attrs):
        missing = [name for name, f in self.fields.items() if f.required and name not in attrs]
        if missing:
            raise serializers.ValidationError(dict.fromkeys(missing, "This field is required."))
        return attrs


class ParticipantSerializer(ListItemSerializer):
    """A member sharing an expense, with their exact part, percentage or weight."""

    member = MemberIdField()
    value = DecimalInputField(required=False, allow_null=True)


class PayerSerializer(ListItemSerializer):
    """A member who paid part of an expense."""

    member = MemberIdField()
    amount = DecimalInputField()


class ExpenseWriteSerializer(serializers.Serializer):
    """An expense to record or change: who paid (paid_by or payers) and how it is split.

    A PATCH may change description, date, category and notes alone; changing the money
    (amount, split, participants, payers, currency or exchange_rate) needs amount, split,
    participants and the payers together (the service says which are missing).
    """

    description = StrictCharField(max_length=200)
    amount = DecimalInputField(help_text="In the expense's currency.")
    currency = StrictCharField(
        max_length=3, required=False, help_text="ISO 4217 code; the group's by default."
    )
    exchange_rate = DecimalInputField(
        required=False,
        allow_null=True,
        help_text="Group-currency units for 1 unit of currency (at most 10 decimals); "
        "omitted: the group's latest rate on or before the date.",
    )
    date = ExpenseDateField(required=False)
    category = StrictCharField(
        max_length=50, required=False, allow_blank=True, help_text="A category's slug, or ''."
    )
    notes = StrictCharField(
        max_length=MAX_NOTES, required=False, allow_blank=True, trim_whitespace=False
    )
    paid_by = MemberIdField(required=False, help_text="The member who paid it all.")
    payers = serializers.ListField(
        child=PayerSerializer(), required=False, allow_empty=False, min_length=1, max_length=1000
    )
    split = serializers.ChoiceField(choices=Expense.Split.choices)
    participants = serializers.ListField(
        child=ParticipantSerializer(), allow_empty=False, min_length=1, max_length=1000
    )
    repeat = RepeatSerializer(
        required=False,
        allow_null=True,
        help_text="Make it the first of a recurring series (only when recording it).",
    )

    def validate(self, attrs):
        if self.instance is not None and attrs.get("repeat") is not None:
            raise serializers.ValidationError(
                {"repeat": "A repeat is set when the expense is recorded, not on a change."}
            )
        if attrs.get("repeat") is None:
            attrs.pop("repeat", None)  # null: no repeat
        if "paid_by" in attrs and "payers" in attrs:
            raise serializers.ValidationError({"paid_by": "Give paid_by or payers, not both."})
        if not self.partial and "paid_by" not in attrs and "payers" not in attrs:
            raise serializers.ValidationError(
                {"paid_by": "Say who paid: paid_by (one member) or payers (several)."}
            )
        return attrs

    def service_arguments(self) -> dict:
        """The validated body as keyword arguments of expense_create / expense_update."""
        data = dict(self.validated_data)
        if "participants" in data:
            data["participants"] = [
                Participant(p["member"], p.get("value")) for p in data["participants"]
            ]
        if "payers" in data:
            data["payers"] = [Payer(p["member"], p["amount"]) for p in data["payers"]]
        if "paid_by" in data:
            data["payers"] = [Payer(data.pop("paid_by"), data.get("amount"))]
        return data

    def to_representation(self, expense):
        return ExpenseSerializer(expense, context=self.context).data


class PaymentWriteSerializer(serializers.Serializer):
    """A payment from one member to another."""

    from_member = MemberIdField()
    to_member = MemberIdField()
    amount = DecimalInputField(help_text="In the payment's currency.")
    currency = StrictCharField(
        max_length=3, required=False, help_text="ISO 4217 code; the group's by default."
    )
    exchange_rate = DecimalInputField(required=False, allow_null=True)
    date = ExpenseDateField(required=False)
    description = StrictCharField(max_length=200, required=False, allow_blank=True)

    def to_representation(self, payment):
        return ExpenseSerializer(payment, context=self.context).data
