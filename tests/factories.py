"""factory_boy factories for users, groups, members and expenses."""

from contextlib import contextmanager
from decimal import Decimal

import factory
from django.contrib.auth.models import User
from django.db.models.signals import pre_save

from groups.domain.recurrence import Repeat
from groups.models import Expense, Group, GroupMember, Share
from groups.services import totals
from groups.services.expenses import Participant, Payer, expense_create
from groups.services.groups import group_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class GroupFactory(factory.django.DjangoModelFactory):
    """A group created through the service, so its creator is its admin member."""

    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Trip {n}")
    currency = "EUR"
    created_by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, created_by, **kwargs):
        return group_create(creator=created_by, **kwargs)


class GuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMember

    group = factory.SubFactory(GroupFactory)
    name = factory.Sequence(lambda n: f"Guest {n}")


class UserMemberFactory(GuestFactory):
    user = factory.SubFactory(UserFactory)
    name = factory.SelfAttribute("user.username")


def admin_of(group: Group) -> GroupMember:
    """The member who created ``group``."""
    return group.members.get(role=GroupMember.Role.ADMIN, user=group.created_by)


def add_expense(group, payer, participants, amount="30.00", split="equal", values=None):
    """Record an expense through the service: ``payer`` paid, ``participants`` share it."""
    values = values or [None] * len(participants)
    return expense_create(
        group=group,
        created_by=None,
        description="Expense",
        amount=Decimal(amount),
        split=split,
        participants=[
            Participant(m.pk, None if v is None else Decimal(v))
            for m, v in zip(participants, values, strict=True)
        ],
        payers=[Payer(payer.pk, Decimal(amount))],
    )


def bulk_expenses(group, payer, others, count):
    """``count`` expenses paid by ``payer``, 1.00 owed by each member, written in bulk.

    Fast enough for hundreds of expenses; the shares keep every invariant (paid and owed each
    sum to the amount).
    """
    members = [payer, *others]
    amount = Decimal(len(members))
    expenses = Expense.objects.bulk_create(
        Expense(
            group=group,
            description=f"Bulk {n}",
            amount=amount,
            currency=group.currency,
            group_amount=amount,
            split="equal",
        )
        for n in range(count)
    )
    Share.objects.bulk_create(
        Share(
            expense=expense,
            group=group,
            member=member,
            paid=amount if member == payer else Decimal(0),
            owed=Decimal("1.00"),
        )
        for expense in expenses
        for member in members
    )
    totals.recompute(group.pk)


@contextmanager
def member_name_taken_meanwhile(name):
    """Another request adds a member called ``name`` between a service's check and its insert."""

    def another_request_adds_it(sender, instance, **kwargs):
        if instance.pk is None and instance.name == name:
            # bulk_create sends no pre_save, so this does not recurse.
            GroupMember.objects.bulk_create([GroupMember(group=instance.group, name=name)])

    pre_save.connect(another_request_adds_it, sender=GroupMember)
    try:
        yield
    finally:
        pre_save.disconnect(another_request_adds_it, sender=GroupMember)


def add_repeating_expense(
    group, payer, participants, *, first, every="month", interval=1, until=None, amount="30.00"
):
    """A recurring expense through the service: ``payer`` paid, ``participants`` share it
    equally, from ``first`` on (its first occurrence)."""
    return expense_create(
        group=group,
        created_by=payer.user,
        description="Rent",
        amount=Decimal(amount),
        split="equal",
        participants=[Participant(m.pk) for m in participants],
        payers=[Payer(payer.pk, Decimal(amount))],
        date=first,
        repeat=Repeat(every, interval, until),
    )
