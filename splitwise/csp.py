"""The Content-Security-Policy middleware, with the one relaxation the browsable API needs."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; DRF's browsable API pages may also use inline styles.

    DRF's templates carry ``style="…"`` attributes and a ``<style>`` block. They run no
    inline script, so script-src stays ``'self'`` there too.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if (
            request.path_info.startswith("/api/")
            and response.get("Content-Type", "").startswith("text/html")
            and parts.update is None
        ):
            parts.update = {"style-src": [UNSAFE_INLINE]}
        return parts
