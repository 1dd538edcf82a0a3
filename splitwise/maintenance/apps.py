from django.apps import AppConfig


class MaintenanceConfig(AppConfig):
    """Maintenance mode and the schema guard; on PostgreSQL, the table holding the flag."""

    name = "splitwise.maintenance"
    label = "maintenance"
    verbose_name = "Maintenance"
