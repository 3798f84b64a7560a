"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings")

application = get_wsgi_application()

from servicedesk.warm import warm_up  # noqa: E402 (needs the settings above)

warm_up()
