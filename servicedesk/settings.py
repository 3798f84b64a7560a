"""Settings of the Electronic Service Desk, read from the environment.

One file for every environment. Production fails closed: without ``SECRET_KEY`` the
portal refuses to start, and ``DEBUG`` is off unless asked for. See ``.env.example``.
"""

import ipaddress
import sys
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# Commands that only compare or compile code (migrations against models, message catalogues)
# start nothing and sign nothing: they run without a key, so a fresh checkout can check them.
KEYLESS_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}
_command = sys.argv[1] if Path(sys.argv[0]).name in ("manage.py", "django-admin") else ""

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG and _command not in KEYLESS_COMMANDS:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production refuses to start without it "
            "(set DEBUG=1 only for local development)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The national service ID of "responding to inquiries about the authenticity of skill
# certificates": the service the online check, manual inquiries and the agreement are about.
CERTIFICATE_SERVICE_ID = env("CERTIFICATE_SERVICE_ID", default="14031548100")

SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    # Two-factor sign-in for staff: TOTP apps and single-use recovery codes (servicedesk.staff).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "import_export",
    # The durable task queue: mail, SMS and long work leave the request (servicedesk.outbox).
    "django_tasks",
    "django_tasks_db",
    "servicedesk",
    "sla",
    "casework",
    "certificates",
    "certificates.seal",
    "feedback",
]

MIDDLEWARE = [
    "servicedesk.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzipped; Django pads each response with random bytes against BREACH (since 4.2).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL byte in the path: 404 before any view (servicedesk.request_guards).
    "servicedesk.request_guards.NulByteMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Bounds uploads before anything (the CSRF check) reads the body: servicedesk.uploads.
    "servicedesk.uploads.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(); then staff without a verified second factor may only finish
    # signing in (when STAFF_OTP_REQUIRED).
    "django_otp.middleware.OTPMiddleware",
    "servicedesk.staff.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff are signed out after STAFF_SESSION_IDLE_MINUTES idle, STAFF_SESSION_MAX_HOURS in all.
    "servicedesk.staff.middleware.StaffSessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it checks the lockout after authentication has run.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "servicedesk.urls"
WSGI_APPLICATION = "servicedesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "servicedesk.context_processors.site",
            ],
            "builtins": ["servicedesk.templatetags.persian"],
        },
    },
]

# --- Database ------------------------------------------------------------------------------
# The embedded default is an SQLite file, so the demo runs with one command; production and
# the test suite use PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections, checked before reuse so a restarted database is picked up
    # again without restarting the workers.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
# A streaming replica may serve the read-only pages (catalogue, agreement, performance,
# receipts): servicedesk.replicas. Checks, filings and everything else use the primary.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"].get("CONN_MAX_AGE", 0)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 1)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["servicedesk.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: the store shared by every worker (rate-limit counters live here) ------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "servicedesk.cache.SharedRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "servicedesk_cache",
        }
    }
# Only while the shared store is unreachable do rate-limit counters fall back to process memory.
CACHES["ratelimit-fallback"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
# Rendered page chrome (header, navigation, footer) per language: the same for every visitor
# until the next deploy, so each process keeps its own copy.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": 86400,
}

# Rate limits per client (fixed windows: "count/period", period in s, m, h or d).
RATE_LIMITS = {
    # Checks that found nothing: guessing numbers or national codes.
    "verify-failures": env("RATE_LIMIT_VERIFY_FAILURES", default="10/10m"),
    # Every QR-link lookup and every receipt lookup.
    "qr": env("RATE_LIMIT_QR", default="60/10m"),
    "receipts": env("RATE_LIMIT_RECEIPTS", default="60/10m"),
    # The failure budget of one certificate number, every channel and client together: checks
    # of it that matched nothing. Once spent, the number is refused until the window ends (the
    # QR link, which proves possession of the paper, is not counted or refused).
    "certificate-failures": env("RATE_LIMIT_CERTIFICATE_FAILURES", default="20/d"),
    # The failure budget of one organisation (bulk checks and its API keys): checks that
    # matched nothing. Once spent, its checks are refused until the window ends.
    "organisation-failures": env("RATE_LIMIT_ORGANISATION_FAILURES", default="2000/d"),
}
# Our own proxies (load balancers), as addresses or CIDR ranges, comma-separated: only a
# connection from one of them has its X-Forwarded-For read (servicedesk.clients). Empty: the
# header is ignored and the connection's address is the client's.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an address") from None

# --- Authentication ------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "certificates:bulk"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Admin login throttling: five failures for one user name from one address lock it for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# User names cut to the length of axes' column: a longer one was a 503.
AXES_USERNAME_CALLABLE = "servicedesk.request_guards.axes_username"
AXES_LOCKOUT_TEMPLATE = "errors/lockout.html"
AXES_VERBOSE = False
# The same client address as every other limit (X-Forwarded-For only from TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "servicedesk.clients.axes_client_ip"
# Staff sign in with a password, then a code from an authenticator app (TOTP) or a single-use
# recovery code. Required whenever DEBUG is off; the demo (DEBUG on) signs in with the password.
STAFF_OTP_REQUIRED = not DEBUG
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Service Desk")
# A staff session ends after this long without a request, and this long after its second
# factor whatever happens (servicedesk.staff.middleware).
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
STAFF_SESSION_MAX_HOURS = env.float("STAFF_SESSION_MAX_HOURS", default=8.0)
# The inquiry log's export (django-import-export) needs the model's view permission, not only
# a staff account.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# The inquiry log exports through servicedesk.spreadsheets (an apostrophe before any formula);
# an admin export left on the library's own formats at least loses a formula's leading "=".
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# --- Language, calendar --------------------------------------------------------------------
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tehran"
USE_TZ = True

# --- Static files: served by the portal itself through WhiteNoise, never from a CDN --------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/vazirmatn", NODE_MODULES / "vazirmatn" / "fonts" / "webfonts"),
    # The seal verifier: CBOR, inflate and a QR decoder for cameras without BarcodeDetector.
    ("vendor/cborg/lib", NODE_MODULES / "cborg" / "lib"),
    ("vendor/fflate", NODE_MODULES / "fflate" / "esm"),
    ("vendor/jsqr", NODE_MODULES / "jsqr" / "dist"),
]
# favicon.ico and apple-touch-icon.png at the site's root, where browsers ask for them unprompted.
WHITENOISE_ROOT = BASE_DIR / "webroot"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded scans, bulk-check results and import uploads: never under a URL, served by views that
# check access. "database" (every host reads them; in the rows' transaction and backup) or
# "filesystem" (PRIVATE_MEDIA_ROOT on this host's disk: one host only). servicedesk/storage.py.
PRIVATE_STORAGE = env.str("PRIVATE_STORAGE", default="database")
if PRIVATE_STORAGE not in ("database", "filesystem"):
    raise ImproperlyConfigured("PRIVATE_STORAGE is 'database' or 'filesystem'.")
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
# Every upload saved (or moved from its temporary file) is readable by the portal's user and group
# only, not by the other accounts on the host (Django's default is 0o644 and the umask).
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# Largest uploads (bytes), refused while they stream in (servicedesk/uploads.py): a bulk-check
# file (web page and API), the registry file of the admin import; scans are below. JSON bodies
# and form fields together: Django's DATA_UPLOAD_MAX_MEMORY_SIZE.
UPLOAD_MAX_BULK_BYTES = env.int("UPLOAD_MAX_BULK_BYTES", default=5 * 1024 * 1024)
UPLOAD_MAX_IMPORT_BYTES = env.int("UPLOAD_MAX_IMPORT_BYTES", default=100 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("UPLOAD_MAX_JSON_BYTES", default=5 * 1024 * 1024)

# --- Retention (days; enforced by `manage.py enforce_retention`, daily) ------------------------
# Keyed client hashes of checks (for rate limits and abuse reviews); contact details of answered
# suggestions and manual inquiries; scans of answered manual inquiries; bulk-check result files.
# Expired sessions go on every run.
RETENTION_CLIENT_HASH_DAYS = env.int("RETENTION_CLIENT_HASH_DAYS", default=90)
RETENTION_CONTACT_DAYS = env.int("RETENTION_CONTACT_DAYS", default=180)
RETENTION_SCAN_DAYS = env.int("RETENTION_SCAN_DAYS", default=365)
RETENTION_BULK_RESULT_DAYS = env.int("RETENTION_BULK_RESULT_DAYS", default=365)
# The holder's national code, name and certificate number of answered manual inquiries.
RETENTION_MANUAL_IDENTITY_DAYS = env.int("RETENTION_MANUAL_IDENTITY_DAYS", default=365)
# django-axes' records of sign-ins and failed attempts (user names, addresses, browsers).
RETENTION_ACCESS_LOG_DAYS = env.int("RETENTION_ACCESS_LOG_DAYS", default=90)

# History is read per object (by the object's id) and, on the staff page of recent changes,
# newest first across every history table: each table keeps an index on its date.
SIMPLE_HISTORY_DATE_INDEX = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Mail ------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL",
    default="consolemail://" if DEBUG else "smtp://localhost:25",
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Mail is sent by the queue's worker, never in a request; a hung server still frees the worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- The task queue (servicedesk/outbox.py; `manage.py db_worker` is the Procfile's worker) ----
# The database backend keeps tasks in PostgreSQL (the SQLite file in the demo), written in the
# transaction of the rows they are about. Tests run them at once (the immediate backend) unless
# a test asks for the queue.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# A failed mail or SMS is tried again after 30 s, 60 s, 120 s… (at most an hour apart), then
# left FAILED in the admin after this many attempts (about three hours with the defaults).
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
OUTBOX_RETRY_SECONDS = env.int("OUTBOX_RETRY_SECONDS", default=30)

# --- Security headers ----------------------------------------------------------------------
CSRF_FAILURE_VIEW = "servicedesk.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz answers load balancers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Logging: JSON lines with a request id, personal data scrubbed (servicedesk.logs) ----------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "servicedesk.logs.RequestContextFilter"}},
    "formatters": {
        "json": {
            "()": "servicedesk.logs.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Warnings about 4xx answers repeat what the access log says.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

# --- sla ---
# Weekly days off of the working calendar that every deadline is counted in (English day
# names, comma-separated): Friday by default; "thursday,friday" where the directorate also
# closes on Thursdays. Official holidays are kept in admin.
WEEKLY_DAYS_OFF = env.list("WEEKLY_DAYS_OFF", default=["friday"])

# --- feedback ---
# Self-hosted captcha, asked for only after suspicious activity from a client.
INSTALLED_APPS += ["captcha"]
CAPTCHA_TIMEOUT = 15  # minutes to answer
# Large, lightly disturbed characters: a sum people can read on a phone.
CAPTCHA_IMAGE_SIZE = (180, 60)
CAPTCHA_FONT_SIZE = 36
CAPTCHA_LETTER_ROTATION = (-12, 12)
CAPTCHA_NOISE_FUNCTIONS = ("captcha.helpers.noise_dots",)
# Per client, in the shared store: every POST of the feedback form; accepted submissions
# before the captcha is asked for; suspicious events (honeypot, too fast) before it is asked
# for; tracking-code look-ups; survey submissions.
RATE_LIMITS["feedback"] = env("RATE_LIMIT_FEEDBACK", default="10/h")
RATE_LIMITS["feedback-captcha"] = env("RATE_LIMIT_FEEDBACK_CAPTCHA", default="3/h")
RATE_LIMITS["feedback-suspicious"] = env("RATE_LIMIT_FEEDBACK_SUSPICIOUS", default="1/h")
RATE_LIMITS["feedback-track"] = env("RATE_LIMIT_FEEDBACK_TRACK", default="30/10m")
RATE_LIMITS["surveys"] = env("RATE_LIMIT_SURVEYS", default="20/h")
# Responses to one survey from one client (a browser without cookies is "new" on every post).
RATE_LIMITS["survey-repeats"] = env("RATE_LIMIT_SURVEY_REPEATS", default="3/d")
# A person needs a few seconds to write a message; a form sent faster is a program.
FEEDBACK_MIN_FILL_SECONDS = env.int("FEEDBACK_MIN_FILL_SECONDS", default=4)
# Who the daily overdue command mails (comma-separated); empty: the superusers with an email.
FEEDBACK_SUPERVISOR_EMAILS = env.list("FEEDBACK_SUPERVISOR_EMAILS", default=[])

# --- certificates ---
# Who is mailed when a certificate number or an organisation spends its failure budget (a
# guessing alert), comma-separated; empty: the superusers with an email address.
SECURITY_ALERT_EMAILS = env.list("SECURITY_ALERT_EMAILS", default=[])
# A file holding the secret (32 bytes or more) that encrypts the seal signing keys kept in the
# database; empty: the secret is derived from SECRET_KEY (development, the demo).
SEAL_KEY_FILE = env("SEAL_KEY_FILE", default="")

# --- manual inquiries ---
# Largest scan accepted with a request for a manual check (bytes): 5 MB.
MANUAL_REQUEST_MAX_UPLOAD_BYTES = env.int(
    "MANUAL_REQUEST_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024
)
# Who the daily overdue command (flag_overdue) mails about requests, comma-separated; empty: the
# superusers with an email address.
MANUAL_REQUEST_SUPERVISOR_EMAILS = env.list("MANUAL_REQUEST_SUPERVISOR_EMAILS", default=[])
# Text messages to filers: a dotted path to a class with send(*, to, text). The default only
# logs (number masked, no text); see servicedesk/sms.py.
SMS_BACKEND = env("SMS_BACKEND", default="servicedesk.sms.LoggingBackend")
# For SMS_BACKEND=servicedesk.sms.KavenegarBackend: the account's API key and sender line.
KAVENEGAR_API_KEY = env("KAVENEGAR_API_KEY", default="")
KAVENEGAR_SENDER = env("KAVENEGAR_SENDER", default="")
KAVENEGAR_URL = env("KAVENEGAR_URL", default="https://api.kavenegar.com")
SMS_TIMEOUT = env.int("SMS_TIMEOUT", default=10)
# Per client, in the shared store: every POST of the request form; tracking-code look-ups.
RATE_LIMITS["requests"] = env("RATE_LIMIT_REQUESTS", default="10/h")
RATE_LIMITS["request-track"] = env("RATE_LIMIT_REQUEST_TRACK", default="30/10m")
