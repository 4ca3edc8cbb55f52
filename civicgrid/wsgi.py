"""WSGI entry point: ``gunicorn civicgrid.wsgi`` in production, waitress for the demo."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicgrid.settings")
application = get_wsgi_application()
