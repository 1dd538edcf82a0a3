"""Root URLs: the REST API under /api/, its schema and docs, the admin and the web pages."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from groups.web.views.accounts import LoginView
from splitwise.throttling import login_throttled

urlpatterns = [
    path("api/", include("groups.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from ?script on the same URL, so no inline
    # script is needed; Swagger UI sets inline styles, allowed on this page only.
    path(
        "api/docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="schema")
        ),
        name="swagger-ui",
    ),
    # The admin's own login form guesses the same passwords, so it shares the same budget.
    path("admin/login/", login_throttled(admin.site.login)),
    path("admin/", admin.site.urls),
    path("accounts/login/", login_throttled(LoginView.as_view()), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("groups.web.urls")),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin, the browsable API).
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True)),
]

# URLs under /api/ that match no route (e.g. an id too long to be one) answer in JSON too.
handler404 = "groups.api.errors.not_found"
