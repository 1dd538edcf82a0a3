"""Throttles against guessing: passwords per client address and per account, usernames.

- ``auth`` (per client address): register, token and both login forms, one budget.
- ``login_account`` (per account, from any address): failed password attempts on the token
  endpoint and both login forms, so many addresses together cannot guess one account's
  password faster than one could. Only failures count; a correct password within the budget
  is let in, one beyond it waits like a wrong one.
- adding a member by username (per signed-in user) spends the ``auth`` rate too: its answer
  tells whether an account exists.
"""

import hashlib
from functools import wraps

from django.http import HttpResponse
from rest_framework.throttling import SimpleRateThrottle

from groups.domain.names import fold


class LoginRateThrottle(SimpleRateThrottle):
    """Counts password attempts on the login pages per client address, at the "auth" rate."""

    scope = "auth"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": "login", "ident": self.get_ident(request)}


class AccountLoginThrottle(SimpleRateThrottle):
    """Failed password attempts on one account, whatever the address, at "login_account".

    ``allow_request`` only looks; ``record_failure`` counts, after a refused password.
    The account is the username as typed, normalized and case folded ("ANN" is "ann").
    """

    scope = "login_account"

    def get_cache_key(self, request, view=None):
        data = getattr(request, "data", request.POST)
        username = data.get("username") if hasattr(data, "get") else None
        if not isinstance(username, str) or not username.strip():
            return None
        # Hashed: the cache key stays short and safe whatever was typed.
        ident = hashlib.sha256(fold(username).encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.history = self._recent(self.key)
        return len(self.history) < self.num_requests

    def record_failure(self, request) -> None:
        key = self.get_cache_key(request)
        if self.rate is None or key is None:
            return
        self.now = self.timer()
        self.cache.set(key, [self.now, *self._recent(key)], self.duration)

    def _recent(self, key: str) -> list[float]:
        self.now = self.timer()
        return [at for at in self.cache.get(key, []) if at > self.now - self.duration]


class UsernameLookupThrottle(SimpleRateThrottle):
    """Adding a member by username, per signed-in user, at the "auth" rate; a guest is free."""

    scope = "auth"

    def get_cache_key(self, request, view):
        if not isinstance(request.data, dict) or "username" not in request.data:
            return None
        return self.cache_format % {"scope": "username_lookup", "ident": request.user.pk}


def too_many(throttle: SimpleRateThrottle) -> HttpResponse:
    wait = max(1, round(throttle.wait() or 1))
    return HttpResponse(
        f"Too many login attempts. Try again in {wait} seconds.\n",
        status=429,
        content_type="text/plain",
        headers={"Retry-After": str(wait)},
    )


def login_throttled(view):
    """Answer 429 to login form posts beyond the "auth" rate of their address or the
    "login_account" rate of their account; showing the form is free."""

    @wraps(view)
    def throttled_view(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        for throttle in (LoginRateThrottle(), account := AccountLoginThrottle()):
            if not throttle.allow_request(request, None):
                return too_many(throttle)
        response = view(request, *args, **kwargs)
        if response.status_code != 302:  # the form again: the password was refused
            account.record_failure(request)
        return response

    return throttled_view
