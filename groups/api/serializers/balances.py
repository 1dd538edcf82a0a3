"""A group's balance sheet: per member, per party, and the transfers that settle it."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from groups.api.serializers.fields import money
from groups.api.serializers.members import ManagedBySerializer, managed_by_data
from groups.selectors.balances import BalanceSheet, MemberBalance, PartyBalance

CENT = Decimal("0.01")


class MemberBalanceSerializer(serializers.Serializer):
    """One member's own balance: positive when the group owes them."""

    member = serializers.IntegerField(source="member.pk", read_only=True)
    name = serializers.CharField(source="member.name", read_only=True)
    balance = money()
    managed_by = serializers.SerializerMethodField()

    @extend_schema_field(ManagedBySerializer(allow_null=True))
    def get_managed_by(self, row: MemberBalance) -> dict | None:
        return managed_by_data(row.member, row.manager)


class PartySerializer(serializers.Serializer):
    """A party that settles as one: a member and the managed members it includes."""

    member = serializers.IntegerField(source="member.pk", read_only=True)
    name = serializers.CharField(source="member.name", read_only=True)
    balance = money()
    includes = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_includes(self, party: PartyBalance) -> list[int]:
        return [member.pk for member in party.includes]


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

    def to_representation(self, sheet: BalanceSheet) -> dict:
        # The group's hot read, built in one pass: field by field, DRF spent more time here
        # than the whole request spends elsewhere. The fields declared above describe it for
        # the schema, and tests/api/test_balances.py checks both give the same document.
        return {
            "currency": sheet.group.currency,
            "members": [
                {
                    "member": row.member.pk,
                    "name": row.member.name,
                    "balance": _money(row.balance),
                    "managed_by": managed_by_data(row.member, row.manager),
                }
                for row in sheet.members
            ],
            "aggregated": [
                {
                    "member": party.member.pk,
                    "name": party.member.name,
                    "balance": _money(party.balance),
                    "includes": [member.pk for member in party.includes],
                }
                for party in sheet.aggregated
            ],
            "settle_up": [
                {
                    "from": transfer.debtor.pk,
                    "to": transfer.creditor.pk,
                    "amount": _money(transfer.amount),
                    "from_name": transfer.debtor.name,
                    "to_name": transfer.creditor.name,
                }
                for transfer in sheet.settle_up
            ],
        }


def _money(amount: Decimal) -> str:
    """As money() renders it: two decimals, fixed point."""
    return format(amount.quantize(CENT), "f")
