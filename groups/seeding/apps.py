from django.apps import AppConfig


class SeedingConfig(AppConfig):
    """Demo and benchmark data, with the seed_demo and seed_bench commands."""

    name = "groups.seeding"
    label = "seeding"
    verbose_name = "Demo and benchmark data"
