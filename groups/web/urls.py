"""Web page routes (filled in by the web views)."""

app_name = "web"
urlpatterns = []
