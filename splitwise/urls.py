"""Root URLs: the REST API under /api/, its schema and docs, the admin and the web pages."""

from functools import wraps

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.throttling import SimpleRateThrottle


class LoginRateThrottle(SimpleRateThrottle):
    """Counts password attempts on the login pages per client address, at the "auth" rate."""

    scope = "auth"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": "login", "ident": self.get_ident(request)}


def login_throttled(view):
    """Answer 429 to login form posts beyond the "auth" rate; showing the form is free."""

    @wraps(view)
    def throttled_view(request, *args, **kwargs):
        if request.method == "POST":
            throttle = LoginRateThrottle()
            if not throttle.allow_request(request, None):
                wait = max(1, round(throttle.wait() or 1))
                return HttpResponse(
                    f"Too many login attempts. Try again in {wait} seconds.\n",
                    status=429,
                    content_type="text/plain",
                    headers={"Retry-After": str(wait)},
                )
        return view(request, *args, **kwargs)

    return throttled_view


urlpatterns = [
    path("api/", include("groups.api_urls")),
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
handler404 = "groups.exceptions.not_found"
