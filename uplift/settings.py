"""Settings read from the environment; an SQLite file under var/ when DATABASE_URL is unset."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from uplift.security import keys

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("UPLIFT_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Security (docs/security.md). UPLIFT_PRODUCTION=1: a real key and host names are required, and TLS is assumed.
PRODUCTION = os.environ.get("UPLIFT_PRODUCTION", "0") == "1"
SECRET_KEY = keys.secret_key(os.environ, VAR_DIR, production=PRODUCTION)
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = keys.allowed_hosts(os.environ, production=PRODUCTION)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "uplift.ops",  # before django_tasks_db: its db_worker command adds heartbeats and job recovery
    "django_tasks_db",
    "uplift.core",
    "uplift.audit",
    "uplift.geo",
    "uplift.access",
    "uplift.registry",
    "uplift.imports",
    "uplift.programme",
    "uplift.screening",
    "uplift.outcomes",
    "uplift.dashboards",
    "uplift.toolkits.global_trade",
    "uplift.toolkits.digital",
    "uplift.toolkits.successors",
    "uplift.toolkits.identity",
    "uplift.toolkits.standards",
    "uplift.toolkits.lean",
    "uplift.toolkits.sustainable",
    "uplift.privacy",
    "uplift.web",
]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "uplift.ops.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "uplift.ops.replica.ReplicaWritesMiddleware",
    "uplift.web.locale.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "uplift.security.sessions.SessionLimitsMiddleware",
    "uplift.access.middleware.PolicyScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the locked-out page
]

ROOT_URLCONF = "uplift.urls"
WSGI_APPLICATION = "uplift.wsgi.application"

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
                "uplift.web.context.permissions",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'uplift.sqlite3'}"),
        conn_max_age=int(os.environ.get("UPLIFT_DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # JIT compilation cost more than the cheap, indexed queries these pages make (benchmarks/delivery_national.py).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE"}
    )

if os.environ.get("DATABASE_REPLICA_URL"):
    # A PostgreSQL streaming replica for the reads of reports and dashboards (uplift/ops/replica.py).
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True)
    DATABASES["replica"].setdefault("OPTIONS", {}).update({"options": "-c jit=off", "connect_timeout": 2})
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["uplift.ops.replica.ReplicaRouter"]
UPLIFT_REPLICA_READ_YOUR_WRITES = int(os.environ.get("UPLIFT_REPLICA_READ_YOUR_WRITES", "3600"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [  # checked by every password form; accounts the system makes (demo, tests) skip them
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "uplift.security.passwords.ThaiCommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["uplift.security.auth.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("UPLIFT_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("UPLIFT_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # one address guessing one account; an office NAT stays open
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "uplift.security.auth.locked_out"
AXES_CLIENT_IP_CALLABLE = "uplift.security.auth.client_address"  # behind nginx (production): the hop nginx saw

# Sessions suited to shared office computers: idle 30 minutes, 10 hours at most, gone when the browser closes.
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS = int(os.environ.get("UPLIFT_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_MAX_SECONDS = int(os.environ.get("UPLIFT_SESSION_MAX_HOURS", "10")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Behind TLS (production): cookies only over HTTPS, HSTS, http redirected; the http demo on 127.0.0.1 keeps them off.
HTTPS = os.environ.get("UPLIFT_HTTPS", "1" if PRODUCTION else "0") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("UPLIFT_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS and os.environ.get("UPLIFT_HSTS_PRELOAD", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]  # probes from the machine itself, over http
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Uploads: a size limit per kind of file (uplift.security.uploads; shown beside the upload field); uploaded
# import files are deleted after the retention period (`uplift purge-import-files`, daily), their jobs kept.
UPLIFT_UPLOAD_LIMITS = {kind: int(os.environ.get(f"UPLIFT_UPLOAD_MAX_{kind.upper()}_MB", default)) * 1024 * 1024
                        for kind, default in (("csv", "20"), ("xlsx", "20"), ("image", "10"), ("document", "10"))}
UPLIFT_IMPORT_FILE_RETENTION_DAYS = int(os.environ.get("UPLIFT_IMPORT_FILE_RETENTION_DAYS", "90"))
# An .xlsx inflating past UPLIFT_PARSE_IN_CHILD_FROM bytes (its zip directory says), or a CSV larger than
# UPLIFT_PARSE_CSV_IN_CHILD_FROM bytes, is parsed in a child process
# capped at UPLIFT_PARSE_MEMORY_LIMIT bytes of data memory (RLIMIT_DATA) and UPLIFT_PARSE_TIMEOUT seconds
# (uplift.imports.capped_read). The time limit defaults to 10 s under the app server's worker timeout
# (UPLIFT_WEB_TIMEOUT), so that a slow file gets its Thai refusal instead of a killed worker.
UPLIFT_PARSE_IN_CHILD_FROM = int(os.environ.get("UPLIFT_PARSE_IN_CHILD_FROM_MB", "20")) * 1024 * 1024
UPLIFT_PARSE_CSV_IN_CHILD_FROM = int(os.environ.get("UPLIFT_PARSE_CSV_IN_CHILD_FROM_MB", "5")) * 1024 * 1024
UPLIFT_PARSE_MEMORY_LIMIT = int(os.environ.get("UPLIFT_PARSE_MEMORY_LIMIT_MB", "1024")) * 1024 * 1024
UPLIFT_PARSE_TIMEOUT = int(os.environ.get("UPLIFT_PARSE_TIMEOUT_SECONDS",
                                          str(max(int(os.environ.get("UPLIFT_WEB_TIMEOUT", "60")) - 10, 10))))

# Content Security Policy: scripts only from this site's static files (no inline script, no CDN). Styles allow
# inline attributes: ECharts writes its tooltips as HTML with style attributes.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

MAILERS = {
    "default": {"BACKEND": os.environ.get("UPLIFT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}
}
DEFAULT_FROM_EMAIL = os.environ.get("UPLIFT_FROM_EMAIL", "otop-uplift@localhost")

MEDIA_ROOT = Path(os.environ.get("UPLIFT_MEDIA_ROOT", VAR_DIR / "media"))  # shared by all app servers and workers
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("UPLIFT_STATIC_ROOT", VAR_DIR / "static"))
# Production: `uplift collectstatic` writes hashed, compressed copies that WhiteNoise serves with far-future caching.
# The hashed files exist only after collectstatic, which the server scripts (DJANGO_DEBUG=0) and production run.
STATIC_MANIFEST = os.environ.get("UPLIFT_STATIC_MANIFEST", "1" if PRODUCTION or os.environ.get("DJANGO_DEBUG") == "0"
                                 else "0") == "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if STATIC_MANIFEST
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST  # development: straight from the apps' folders

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "entrepreneur-list"
LOGOUT_REDIRECT_URL = "login"

# Server and operations (uplift.ops, scripts/serve.sh, docs/deploy.md).
WEB_WORKERS = int(os.environ.get("UPLIFT_WEB_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
WEB_THREADS = int(os.environ.get("UPLIFT_WEB_THREADS", "1"))
WEB_TIMEOUT = int(os.environ.get("UPLIFT_WEB_TIMEOUT", "60"))
UPLIFT_WORKER_HEARTBEAT = float(os.environ.get("UPLIFT_WORKER_HEARTBEAT", "5"))
UPLIFT_WORKER_LEASE = float(os.environ.get("UPLIFT_WORKER_LEASE", "60"))
UPLIFT_READY_NEEDS_WORKER = os.environ.get("UPLIFT_READY_NEEDS_WORKER", "1") == "1"
UPLIFT_METRICS_TOKEN = os.environ.get("UPLIFT_METRICS_TOKEN", "")
# Jobs run again when their worker dies mid-way: their writes are one transaction, or idempotent. Others fail.
# A round's value is counted this long after the first of a burst of saved figures (outcomes.tasks).
UPLIFT_VALUE_DELAY_SECONDS = int(os.environ.get("UPLIFT_VALUE_DELAY_SECONDS", "15"))

UPLIFT_TASKS_RETRY_ON_WORKER_LOSS = [
    "uplift.ops.tasks.probe",
    "uplift.programme.tasks.send_reminders",
    "uplift.outcomes.reports.build_programme_report",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "uplift.ops.logs.ContextFilter"}, "probes": {"()": "uplift.ops.logs.QuietProbes"}},
    "formatters": {
        "json": {"()": "uplift.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s%(task_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["context", "probes"],
                    "formatter": os.environ.get("UPLIFT_LOG_FORMAT", "text")},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("UPLIFT_LOG_LEVEL", "WARNING")},
    "loggers": {
        "uplift": {"level": os.environ.get("UPLIFT_LOG_LEVEL", "INFO")},
        "uplift.request": {"level": os.environ.get("UPLIFT_REQUEST_LOG_LEVEL", "WARNING")},  # serve.sh: INFO
        "django_tasks_db": {"level": "INFO"},
        "django.tasks": {"level": "INFO"},
    },
}
