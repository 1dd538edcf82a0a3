"""REST API routes, mounted under /api/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from groups import views

GROUP = rf"groups/(?P<group_pk>{views.ID_PATTERN})"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("groups", views.GroupViewSet, basename="group")
router.register(f"{GROUP}/members", views.MemberViewSet, basename="member")
router.register(f"{GROUP}/expenses", views.ExpenseViewSet, basename="expense")
router.register(f"{GROUP}/payments", views.PaymentViewSet, basename="payment")

urlpatterns = [
    path("auth/register/", views.RegisterView.as_view(), name="auth-register"),
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    *router.urls,
]
