"""Throttles that are not DRF views' own: password attempts on the login pages."""

from functools import wraps

from django.http import HttpResponse
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
