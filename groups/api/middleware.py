"""Headers every API answer carries."""

from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """API JSON is someone's money and groups: no browser or proxy may keep a copy.

    ``Cache-Control: private, no-store`` on every JSON answer under /api/, errors included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/") and response.get("Content-Type", "").startswith(
            "application/json"
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
