from django.apps import AppConfig


class GroupsConfig(AppConfig):
    """Groups, their members (with managers), expenses, payments and balances."""

    name = "groups"
    verbose_name = "Expense groups"

    def connect_signals(self):
        from groups import signals  # noqa: F401

    def ready(self):
        self.connect_signals()
