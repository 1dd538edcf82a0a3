"""REST API routes (filled in by the API views)."""

urlpatterns = []
