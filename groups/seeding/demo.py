"""Demo data: a family trip to Lisbon with households, every kind of split and a payment.

Everything is written through the services, as the demo's own users, so the demo is also a
worked example of the rules. Seeding twice does not duplicate; ``reset`` starts it over.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from groups.models import Group, GroupMember
from groups.services.expenses import Participant, Payer, expense_create
from groups.services.groups import group_create, group_delete
from groups.services.managers import member_set_manager
from groups.services.members import member_add
from groups.services.payments import payment_create

GROUP_NAME = "Lisbon trip"
CURRENCY = "EUR"
BASE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class DemoAccount:
    """A login the demo provides; the password is fixed and printed, as it is demo data."""

    username: str
    password: str
    role: str
    superuser: bool = False


ACCOUNTS = (
    DemoAccount("alice", "alice-demo-2026", "group admin; manages her kids Maya and Leo"),
    DemoAccount("ben", "ben-demo-2026", "manages his partner Chloe"),
    DemoAccount("admin", "admin-demo-2026", "superuser for the Django admin", superuser=True),
)


@dataclass(frozen=True)
class AccountStatus:
    account: DemoAccount
    password_works: bool  # False when the account existed with another password


@dataclass(frozen=True)
class DemoResult:
    group: Group
    created: bool
    accounts: list[AccountStatus]


def demo_group() -> Group | None:
    """The demo's group, if it has been seeded."""
    return Group.objects.filter(name=GROUP_NAME, created_by__username="alice").first()


@transaction.atomic
def demo_reset() -> bool:
    """Delete the demo group (not the accounts) and give the demo accounts their passwords."""
    group = demo_group()
    if group is None:
        return False
    admin = group.members.filter(role=GroupMember.Role.ADMIN, is_active=True).first()
    group_delete(group=group, actor=admin)
    for account in ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is not None:
            user.set_password(account.password)
            user.save(update_fields=["password"])
    return True


@transaction.atomic
def demo_seed(*, today: date | None = None) -> DemoResult:
    """Create the demo accounts and the Lisbon trip, unless the trip already exists."""
    users = {account.username: _account(account) for account in ACCOUNTS}
    statuses = [
        AccountStatus(account, users[account.username].check_password(account.password))
        for account in ACCOUNTS
    ]
    group = demo_group()
    if group is not None:
        return DemoResult(group=group, created=False, accounts=statuses)
    group = _seed_trip(users["alice"], users["ben"], today or date.today())
    return DemoResult(group=group, created=True, accounts=statuses)


def _account(account: DemoAccount) -> User:
    """The demo account, created if missing; an existing account is left as it is."""
    user = User.objects.filter(username=account.username).first()
    if user is not None:
        return user
    if account.superuser:
        return User.objects.create_superuser(account.username, "", account.password)
    return User.objects.create_user(account.username, "", account.password)


def _seed_trip(alice_user: User, ben_user: User, today: date) -> Group:
    group = group_create(creator=alice_user, name=GROUP_NAME, currency=CURRENCY)
    alice = group.members.get(user=alice_user)
    ben = member_add(group=group, user=ben_user, actor=alice)
    maya, leo, chloe, ines, rui = (
        member_add(group=group, name=name, actor=alice)
        for name in ("Maya", "Leo", "Chloe", "Inês", "Rui")
    )

    # Households: alice (an admin) takes her kids; ben claims his partner, as a member may;
    # Inês, a guest, heads her own household with Rui.
    for kid in (maya, leo):
        member_set_manager(member=kid, actor=alice, manager_id=alice.pk)
    member_set_manager(member=chloe, actor=ben, manager_id=ben.pk)
    member_set_manager(member=rui, actor=alice, manager_id=ines.pk)

    everyone = [alice, ben, chloe, ines, rui, maya, leo]
    adults = [alice, ben, chloe, ines, rui]
    start = today - timedelta(days=12)

    def expense(day, description, amount, split, payers, parts, category):
        expense_create(
            group=group,
            created_by=alice_user,
            description=description,
            amount=Decimal(amount),
            split=split,
            participants=[Participant(m.pk, None if v is None else Decimal(v)) for m, v in parts],
            payers=[Payer(m.pk, Decimal(paid)) for m, paid in payers],
            date=start + timedelta(days=day),
            category=category,
        )

    expense(
        0,
        "Apartment in Alfama, 5 nights",
        "875.00",
        "equal",
        [(alice, "875.00")],
        [(m, None) for m in everyone],
        "lodging",
    )
    expense(
        1,
        "Dinner at Time Out Market",
        "143.60",
        "exact",
        [(ben, "143.60")],
        [
            (alice, "24.50"),
            (ben, "26.80"),
            (chloe, "22.90"),
            (ines, "21.40"),
            (rui, "25.00"),
            (maya, "11.50"),
            (leo, "11.50"),
        ],
        "food",
    )
    expense(
        2,
        "Car rental to Sintra",
        "186.00",
        "percent",
        [(ines, "186.00")],
        [(alice, "40"), (ben, "30"), (ines, "30")],
        "transport",
    )
    expense(
        3,
        "Groceries at Pingo Doce",
        "92.35",
        "shares",
        [(chloe, "92.35")],
        [(alice, "2"), (maya, "1"), (leo, "1"), (ben, "1"), (chloe, "1"), (ines, "1"), (rui, "1")],
        "groceries",
    )
    expense(
        4,
        "Fado night in Alfama",
        "210.00",
        "equal",
        [(alice, "120.00"), (ben, "90.00")],
        [(m, None) for m in adults],
        "entertainment",
    )
    payment_create(
        group=group,
        created_by=ben_user,
        from_member_id=ben.pk,
        to_member_id=alice.pk,
        amount=Decimal("100.00"),
        date=start + timedelta(days=6),
        description="ben paid alice back",
    )
    return group
