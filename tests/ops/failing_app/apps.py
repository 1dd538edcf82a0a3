from django.apps import AppConfig


class FailingAppConfig(AppConfig):
    """A test-only app whose migration 0002 raises halfway."""

    name = "tests.ops.failing_app"
    label = "failing_app"
    default_auto_field = "django.db.models.BigAutoField"
