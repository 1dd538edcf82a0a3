from django.apps import AppConfig


class WebConfig(AppConfig):
    """The web pages, with their templates and static files."""

    name = "groups.web"
    label = "web"
    verbose_name = "Web pages"
