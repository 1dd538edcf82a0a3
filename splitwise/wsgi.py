"""WSGI entry point, e.g. for gunicorn: ``gunicorn splitwise.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "splitwise.settings")

application = get_wsgi_application()
