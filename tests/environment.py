"""Environment for the test run, loaded as a pytest plugin before Django's settings are read.

It only fills in what the caller did not set, so ``make test`` and a bare ``pytest`` agree.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
# Tests run as production does, whatever a demo's .env says.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/servicedesk")
# Tests render pages without collectstatic: plain static storage, plain HTTP on the test client.
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ.setdefault("PRIVATE_MEDIA_ROOT", "/tmp/servicedesk-test-private-media")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Queued mail and SMS are sent at once, inside the test; tests of the queue itself ask for the
# database backend and run the worker.
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
