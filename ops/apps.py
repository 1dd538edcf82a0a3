from django.apps import AppConfig


class OpsConfig(AppConfig):
    """The operations guide as commands: backup_db, restore_db and safe_migrate."""

    name = "ops"
    verbose_name = "Operations"
