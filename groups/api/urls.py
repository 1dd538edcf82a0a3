"""REST API routes, mounted under /api/."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from groups.api.schema import ID_PATTERN
from groups.api.views.accounts import RegisterView, TokenView
from groups.api.views.activity import ActivityViewSet
from groups.api.views.expenses import ExpenseViewSet, PaymentViewSet
from groups.api.views.groups import GroupViewSet
from groups.api.views.invites import GroupInviteView, InviteViewSet
from groups.api.views.ledger import CategoryViewSet, CommentViewSet, RateViewSet
from groups.api.views.members import MemberViewSet
from groups.api.views.recurring import RecurringViewSet
from groups.api.views.statistics import StatisticsView

GROUP = rf"groups/(?P<group_pk>{ID_PATTERN})"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("groups", GroupViewSet, basename="group")
router.register(f"{GROUP}/members", MemberViewSet, basename="member")
router.register(f"{GROUP}/expenses", ExpenseViewSet, basename="expense")
router.register(f"{GROUP}/payments", PaymentViewSet, basename="payment")
router.register(f"{GROUP}/activity", ActivityViewSet, basename="activity")
router.register(f"{GROUP}/recurring", RecurringViewSet, basename="recurring")
router.register("invites", InviteViewSet, basename="invite")
router.register(f"{GROUP}/rates", RateViewSet, basename="rate")
router.register(f"{GROUP}/categories", CategoryViewSet, basename="category")
router.register(
    rf"{GROUP}/expenses/(?P<expense_pk>{ID_PATTERN})/comments", CommentViewSet, basename="comment"
)

urlpatterns = [
    path("auth/register/", RegisterView.as_view(), name="auth-register"),
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    re_path(rf"^{GROUP}/invite/$", GroupInviteView.as_view(), name="group-invite"),
    re_path(rf"^{GROUP}/statistics/$", StatisticsView.as_view(), name="group-statistics"),
    *router.urls,
]
