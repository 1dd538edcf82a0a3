"""The project's settings plus tests.ops.failing_app, for the failed-migration tests only."""

from splitwise.settings import *  # noqa: F403
from splitwise.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.ops.failing_app"]
