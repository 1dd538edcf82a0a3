"""Root URLs: the REST API under /api/, its schema and docs, the admin and the web pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from splitwise.throttling import login_throttled

urlpatterns = [
    path("api/", include("groups.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    # The admin's own login form guesses the same passwords, so it shares the same budget.
    path("admin/login/", login_throttled(admin.site.login)),
    path("admin/", admin.site.urls),
    path("accounts/login/", login_throttled(auth_views.LoginView.as_view()), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("groups.web.urls")),
]

# URLs under /api/ that match no route (e.g. an id too long to be one) answer in JSON too.
handler404 = "groups.api.errors.not_found"
