"""Web page routes: my groups, creating one, and a group's page with its forms."""

from django.urls import path

from groups.web import views

app_name = "web"
urlpatterns = [
    path("", views.group_list, name="group-list"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/<int:pk>/", views.group_detail, name="group-detail"),
    path("groups/<int:pk>/members/", views.member_add, name="member-add"),
    path("groups/<int:pk>/expenses/", views.expense_add, name="expense-add"),
    path("groups/<int:pk>/payments/", views.payment_add, name="payment-add"),
    path(
        "groups/<int:pk>/members/<int:member_id>/manager/",
        views.member_manager,
        name="member-manager",
    ),
]
