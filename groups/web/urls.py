"""Web page routes: accounts, groups, members, expenses, payments and the ledger pages."""

from django.urls import path
from django.views.generic import RedirectView

from groups.web.views import (
    accounts,
    activity,
    comments,
    expenses,
    groups,
    interchange,
    invites,
    members,
    payments,
    recurring,
    statistics,
    trash,
)
from splitwise.throttling import login_throttled

GROUP = "groups/<int:pk>/"
EXPENSE = GROUP + "expenses/<int:expense_id>/"
MEMBER = GROUP + "members/<int:member_id>/"
SERIES = GROUP + "recurring/<int:series_id>/"

app_name = "web"
urlpatterns = [
    path("accounts/register/", login_throttled(accounts.register), name="register"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password"),
    path("", groups.group_list, name="group-list"),
    path("groups/new/", groups.group_create, name="group-create"),
    path(GROUP, groups.group_detail, name="group-detail"),
    path(GROUP + "edit/", groups.group_edit, name="group-edit"),
    path(GROUP + "delete/", groups.group_delete, name="group-delete"),
    path(GROUP + "members/", members.members, name="members"),
    path(MEMBER + "role/", members.member_role, name="member-role"),
    path(MEMBER + "remove/", members.member_remove, name="member-remove"),
    path(MEMBER + "manager/", members.member_manager, name="member-manager"),
    path(GROUP + "expenses/", expenses.expense_list, name="expense-list"),
    path(GROUP + "expenses/new/", expenses.expense_add, name="expense-add"),
    path(GROUP + "expenses/preview/", expenses.expense_preview, name="expense-preview"),
    path(GROUP + "expenses/rate/", expenses.expense_rate, name="expense-rate"),
    path(EXPENSE, expenses.expense_detail, name="expense-detail"),
    path(EXPENSE + "edit/", expenses.expense_edit, name="expense-edit"),
    path(EXPENSE + "delete/", expenses.expense_delete_view, name="expense-delete"),
    path(GROUP + "payments/new/", payments.payment_add, name="payment-add"),
    path(GROUP + "settle/", payments.settle, name="settle"),
    path(EXPENSE + "undo-payment/", payments.payment_undo, name="payment-undo"),
    path(EXPENSE + "restore/", trash.expense_restore_view, name="expense-restore"),
    path(EXPENSE + "comments/", comments.comment_add_view, name="comment-add"),
    path(
        EXPENSE + "comments/<int:comment_id>/delete/",
        comments.comment_delete_view,
        name="comment-delete",
    ),
    path(GROUP + "statistics/", statistics.statistics, name="statistics"),
    path(GROUP + "activity/", activity.activity, name="activity"),
    path(GROUP + "trash/", trash.trash, name="trash"),
    path(GROUP + "recurring/", recurring.recurring, name="recurring"),
    path(SERIES + "stop/", recurring.series_stop_view, name="recurring-stop"),
    path(SERIES + "resume/", recurring.series_resume_view, name="recurring-resume"),
    path(GROUP + "invite/", invites.invite_new, name="invite-new"),
    path(GROUP + "invite/disable/", invites.invite_off, name="invite-disable"),
    path(GROUP + "export/", interchange.export, name="export"),
    path("groups/import/", interchange.import_upload, name="import"),
    path("groups/import/confirm/", interchange.import_confirm, name="import-confirm"),
    # The invite link the API and the members page hand out (selectors.invites.JOIN_PATH).
    path("join/<str:token>/", login_throttled(invites.join), name="join"),
    path("invites/<str:token>/", RedirectView.as_view(pattern_name="web:join"), name="invite"),
]
