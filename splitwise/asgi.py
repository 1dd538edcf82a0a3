"""ASGI entry point, e.g. for uvicorn: ``uvicorn splitwise.asgi:application``."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "splitwise.settings")

application = get_asgi_application()
