"""The portal's settings without any middleware: the baseline the real check is compared with."""

from servicedesk.settings import *  # noqa: F403

MIDDLEWARE = []
ROOT_URLCONF = "bench.bare_urls"
