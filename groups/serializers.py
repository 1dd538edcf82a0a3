"""The API's shapes: serializers check types and required fields; services check the rules."""

from decimal import Decimal

from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.contenttypes.models import ContentType
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from groups import selectors
from groups.management_rules import MAX_ID
from groups.models import Expense, Group, GroupMember
from groups.money import PLAIN_DECIMAL
from groups.services import Participant, Payer

NON_FINITE = {"nan", "snan", "inf", "infinity"}


# --- fields --------------------------------------------------------------------------------


class MemberIdField(serializers.IntegerField):
    """A member id: a JSON integer within the database's range, not a string, float or bool."""

    default_error_messages = {"not_integer": "A member id must be an integer."}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("not_integer")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """A JSON string; a number or a bool is refused rather than turned into text.

    Its length is checked as sent, before surrounding whitespace is trimmed, as the schema's
    maxLength promises.
    """

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false; 1, "yes" and the like are refused rather than guessed at."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "format": "decimal", "pattern": f"^{PLAIN_DECIMAL.pattern}$"},
            {"type": "number"},
        ],
        "description": 'Preferably a string, e.g. "12.50"; a JSON number is read as its text.',
        "example": "12.50",
    }
)
class DecimalInputField(serializers.Field):
    """A decimal in plain notation ("12.50", or a JSON number), kept exact as a Decimal.

    Only the notation is checked here; whether the value is a valid amount, part, percentage
    or weight is the service's business (it refuses NaN and Infinity with a clear reason).
    """

    default_error_messages = {
        "invalid": 'Enter a number in plain decimal notation, e.g. "12.50".',
        "max_length": "Enter a number of at most 40 characters.",
    }

    def to_internal_value(self, data):
        # JSON numbers arrive as int or Decimal (the API's JSON parser never makes floats).
        if isinstance(data, bool) or not isinstance(data, str | int | Decimal):
            self.fail("invalid")
        text = str(data).strip()
        if len(text) > 40:
            self.fail("max_length")
        if PLAIN_DECIMAL.fullmatch(text) or text.lower().lstrip("+-") in NON_FINITE:
            return Decimal(text)
        self.fail("invalid")

    def to_representation(self, value):
        return str(value)


def money():
    """A read-only amount, rendered as a string with two decimals ("12.50").

    No digit limit: a single amount is at most 9,999,999,999.99, but balances and transfers
    add amounts up and may have more digits.
    """
    return serializers.DecimalField(max_digits=None, decimal_places=2, read_only=True)


# --- users and groups ------------------------------------------------------------------------


class UserRefSerializer(serializers.Serializer):
    """A registered user as other users see them."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)


class RegisterSerializer(serializers.Serializer):
    """A new account: a username and a password that passes Django's validators."""

    username = StrictCharField(max_length=150, validators=[UnicodeUsernameValidator()])
    password = StrictCharField(
        max_length=4096, write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )


class RegisteredSerializer(serializers.Serializer):
    """The new account and the token to authenticate its API calls with."""

    token = serializers.CharField(read_only=True)
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)


class TokenSerializer(serializers.Serializer):
    """An API token, sent as the header "Authorization: Token <token>"."""

    token = serializers.CharField(read_only=True)


class GroupSerializer(serializers.ModelSerializer):
    """A group; the currency is an ISO 4217 code (checked by the service)."""

    name = StrictCharField(max_length=100)
    currency = StrictCharField(max_length=3, required=False)
    created_by = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Group
        fields = ["id", "name", "currency", "created_by", "created_at"]
        read_only_fields = ["created_at"]


# --- members -------------------------------------------------------------------------------


class ManagedBySerializer(serializers.Serializer):
    """Who manages a member: the stored target (a user or a member) and its member here."""

    type = serializers.ChoiceField(choices=["user", "member"], read_only=True)
    id = serializers.IntegerField(read_only=True)
    member = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


def managed_by_data(member: GroupMember, manager: GroupMember | None) -> dict | None:
    """``member``'s managed_by as the API shows it, or None when unmanaged."""
    if member.managed_by_id is None or manager is None:
        return None
    is_user = member.managed_by_type_id == ContentType.objects.get_for_model(User).pk
    return {
        "type": "user" if is_user else "member",
        "id": member.managed_by_id,
        "member": manager.pk,
        "name": manager.name,
    }


class MemberListSerializer(serializers.ListSerializer):
    """Resolves the listed members' managers together, not one query per member."""

    def to_representation(self, data):
        members = list(data.all() if hasattr(data, "all") else data)
        self.context["managers"] = selectors.managers_of(members)
        return super().to_representation(members)


class MemberSerializer(serializers.ModelSerializer):
    """A member as the API shows it, with who manages them."""

    user = UserRefSerializer(read_only=True, allow_null=True)
    active = serializers.BooleanField(source="is_active", read_only=True)
    managed_by = serializers.SerializerMethodField()

    class Meta:
        model = GroupMember
        fields = ["id", "name", "user", "role", "active", "managed_by"]
        read_only_fields = fields
        list_serializer_class = MemberListSerializer

    @extend_schema_field(ManagedBySerializer(allow_null=True))
    def get_managed_by(self, member: GroupMember) -> dict | None:
        if member.managed_by_id is None:
            return None
        managers = self.context.get("managers")
        if managers is None:
            managers = selectors.managers_of([member])
        return managed_by_data(member, managers.get(member.pk))


class MemberCreateSerializer(serializers.Serializer):
    """A new member: a guest by name, or a registered user by username (one of the two)."""

    name = StrictCharField(max_length=100, required=False)
    username = StrictCharField(max_length=150, required=False)

    def validate_username(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise serializers.ValidationError(f"No user is called {username!r}.")
        return user

    def validate(self, attrs):
        if ("name" in attrs) == ("username" in attrs):
            raise serializers.ValidationError(
                {"name": "Give either a guest's name or a registered user's username."}
            )
        return attrs

    def to_representation(self, member):
        return MemberSerializer(member, context=self.context).data


class MemberUpdateSerializer(serializers.Serializer):
    """Changes to a member: a new name, and (admins only) the role or reactivation."""

    name = StrictCharField(max_length=100, required=False)
    role = serializers.ChoiceField(choices=GroupMember.Role.choices, required=False)
    active = StrictBooleanField(required=False)

    def to_representation(self, member):
        return MemberSerializer(member, context=self.context).data


class ManagerSerializer(serializers.Serializer):
    """Who becomes the member's manager (read by the service, after its permission check)."""

    manager = MemberIdField(help_text="The id of the member who becomes the manager.")


# --- expenses and payments -------------------------------------------------------------------


class ShareSerializer(serializers.Serializer):
    """What one member paid towards and owes of an expense."""

    member = serializers.IntegerField(source="member_id", read_only=True)
    paid = money()
    owed = money()


class ExpenseSerializer(serializers.ModelSerializer):
    """An expense or a payment (see kind), with every member's share."""

    amount = money()
    created_by = UserRefSerializer(read_only=True, allow_null=True)
    shares = ShareSerializer(many=True, read_only=True)

    class Meta:
        model = Expense
        fields = [
            "id",
            "kind",
            "description",
            "amount",
            "date",
            "category",
            "split",
            "created_by",
            "created_at",
            "updated_at",
            "shares",
        ]
        read_only_fields = fields


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

    A PATCH may change description, date and category alone; changing the money needs amount,
    split, participants and the payers together (the service says which are missing).
    """

    description = StrictCharField(max_length=200)
    amount = DecimalInputField()
    date = serializers.DateField(required=False)
    category = StrictCharField(max_length=50, required=False, allow_blank=True)
    paid_by = MemberIdField(required=False, help_text="The member who paid it all.")
    payers = serializers.ListField(
        child=PayerSerializer(), required=False, allow_empty=False, max_length=1000
    )
    split = serializers.ChoiceField(choices=Expense.Split.choices)
    participants = serializers.ListField(
        child=ParticipantSerializer(), allow_empty=False, max_length=1000
    )

    def validate(self, attrs):
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
    amount = DecimalInputField()
    date = serializers.DateField(required=False)
    description = StrictCharField(max_length=200, required=False, allow_blank=True)

    def to_representation(self, payment):
        return ExpenseSerializer(payment, context=self.context).data


# --- balances --------------------------------------------------------------------------------


class MemberBalanceSerializer(serializers.Serializer):
    """One member's own balance: positive when the group owes them."""

    member = serializers.IntegerField(source="member.pk", read_only=True)
    name = serializers.CharField(source="member.name", read_only=True)
    balance = money()
    managed_by = serializers.SerializerMethodField()

    @extend_schema_field(ManagedBySerializer(allow_null=True))
    def get_managed_by(self, row: selectors.MemberBalance) -> dict | None:
        return managed_by_data(row.member, row.manager)


class PartySerializer(serializers.Serializer):
    """A party that settles as one: a member and the managed members it includes."""

    member = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()
    balance = money()
    includes = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    def get_name(self, party) -> str:
        return self.context["names"][party.member]


class TransferSerializer(serializers.Serializer):
    """A payment that settles up, from a debtor party to a creditor party."""

    from_member = serializers.IntegerField(source="debtor.pk", read_only=True)
    to_member = serializers.IntegerField(source="creditor.pk", read_only=True)
    amount = money()
    from_name = serializers.CharField(source="debtor.name", read_only=True)
    to_name = serializers.CharField(source="creditor.name", read_only=True)

    def get_fields(self):
        # "from" is a Python keyword, so the two ids are declared under longer names.
        renames = {"from_member": "from", "to_member": "to"}
        return {renames.get(name, name): field for name, field in super().get_fields().items()}


class BalanceSheetSerializer(serializers.Serializer):
    """A group's balances: per member, per party (households folded), and how to settle."""

    currency = serializers.CharField(source="group.currency", read_only=True)
    members = MemberBalanceSerializer(many=True, read_only=True)
    aggregated = PartySerializer(many=True, read_only=True)
    settle_up = TransferSerializer(many=True, read_only=True)

    def to_representation(self, sheet: selectors.BalanceSheet):
        self.context["names"] = {row.member.pk: row.member.name for row in sheet.members}
        return super().to_representation(sheet)
