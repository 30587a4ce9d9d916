"""Pledgeboard settings: one file, driven by the environment, failing loudly on bad values."""

import sys
from datetime import date, timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()


def _bool(name: str, default: bool) -> bool:
    raw = env.str(name, default="")
    if raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


DEBUG = _bool("DJANGO_DEBUG", default=True)
# Under pytest, keep test files (SQLite test database, broker folder, cache) apart from the demo's.
TESTING = _bool("PLEDGEBOARD_TESTING", default="pytest" in sys.modules)
VAR_DIR = Path(env.str("PLEDGEBOARD_VAR_DIR", default=str(BASE_DIR / "var" / ("test" if TESTING else ""))))

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the host names when DJANGO_DEBUG is false.")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "simple_history",
    "django_celery_beat",
    "axes",
    "core",
    "customers",
    "incidents",
    "roadmap",
    "connectors",
    "desk",
]

MIDDLEWARE = [
    "core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.errors.ApiJsonErrorsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PageLoginRequiredMiddleware",
    "core.middleware.IdRangeMiddleware",
    "core.middleware.NulQueryMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.roles",
            ],
            "builtins": ["template_partials.templatetags.partials", "core.templatetags.charts"],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'pledgeboard.sqlite3'}")}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one file: WAL lets readers proceed while one process writes.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file (not :memory:) so a real Celery worker started by the tests sees the test database.
    _db["TEST"] = {"NAME": str(VAR_DIR / "test-pledgeboard.sqlite3")}
else:
    _db["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer fails a request (and /healthz) within seconds instead of hanging a worker.
    _db.setdefault("OPTIONS", {})["connect_timeout"] = env.int("DJANGO_DB_CONNECT_TIMEOUT", default=5)
    if _bool("DJANGO_DB_POOL", default=False):
        # psycopg's pool, one per process (worth it with threaded web workers); Django then closes nothing itself.
        _db["CONN_MAX_AGE"] = 0
        _db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DJANGO_DB_POOL_MIN", default=2),
            "max_size": env.int("DJANGO_DB_POOL_MAX", default=8),
            "timeout": env.int("DJANGO_DB_POOL_TIMEOUT", default=10),
        }
    else:
        # One connection per process (per thread) kept for a minute; health checks catch one the server dropped.
        _db["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache, Celery -----------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss:// or unix://.")

if REDIS_URL:
    # django-redis; with IGNORE_EXCEPTIONS a Redis outage reads as "no cache" (only API rate limits use it).
    # Sentinel: set DJANGO_REDIS_SENTINELS=host:port,host:port and REDIS_URL=redis://<master name>/<db>.
    _sentinels = env.list("DJANGO_REDIS_SENTINELS", default=[])
    _cache_options: dict = {
        "SOCKET_CONNECT_TIMEOUT": 1,
        "SOCKET_TIMEOUT": 1,
        "IGNORE_EXCEPTIONS": True,
    }
    if _sentinels:
        _cache_options["CLIENT_CLASS"] = "django_redis.client.SentinelClient"
        _cache_options["SENTINELS"] = [(h, int(p)) for h, _sep, p in (s.rpartition(":") for s in _sentinels)]
        _cache_options["CONNECTION_POOL_CLASS"] = "redis.sentinel.SentinelConnectionPool"
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": _cache_options,
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Serverless broker for the demo and local tests: messages are files in var/broker.
    _broker_dir = VAR_DIR / "broker"
    for sub in ("queue", "processed", "control"):
        (_broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2, "socket_timeout": 5}
# When the broker is down, publishing gives up within about a second: callers keep their own record
# (a Job row, a stored webhook delivery) and the reconciler re-sends once the broker is back.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TASK_ALWAYS_EAGER = _bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Four queues, so a burst of re-forecasts never holds up a webhook or a mail. A worker started without -Q
# consumes all four (the demo, CI, small installs); larger ones run one worker per queue (docs/operations.md).
CELERY_QUEUES = ("webhooks", "forecasts", "mail", "default")
CELERY_TASK_QUEUES = [Queue(name, routing_key=name) for name in CELERY_QUEUES]
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "incidents.tasks.*": {"queue": "webhooks"},
    "customers.tasks.*": {"queue": "forecasts"},
    "core.tasks.weekly_review_email": {"queue": "mail"},
}
CELERY_TIMEZONE = "UTC"

# --- Auth ---------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "core.hashers.Argon2idHasher",  # new and changed passwords; older hashes are rewritten at login
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never outside tests
# Brute-force protection: lock a username from an address after repeated failures, for a cool-off period.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("PLEDGEBOARD_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("PLEDGEBOARD_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind N trusted proxies the lock is keyed on the address the outermost one saw (X-Forwarded-For, counted from
# the right), never on a proxy's own address, and a client cannot choose it by sending its own header.
PROXY_COUNT = env.int("PLEDGEBOARD_PROXY_COUNT", default=0)
if PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"PLEDGEBOARD_PROXY_COUNT={PROXY_COUNT} must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_address"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# History reasons are codes with parameters (core.reasons) or what a person typed (up to 500 characters).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- I18N ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
# Chinese pages group large numbers like English ones (Django's zh_Hans leaves them ungrouped).
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

# --- Static -------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    EMAIL_HOST = env.str("DJANGO_EMAIL_HOST")
    EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = _bool("DJANGO_EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="pledgeboard@localhost")
WEEKLY_REVIEW_RECIPIENTS = env.list("PLEDGEBOARD_WEEKLY_REVIEW_RECIPIENTS", default=[])

# --- REST API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.filters.StrictFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.filters.StrictPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.errors.exception_handler",
    # The API speaks JSON: form-encoded bodies read "" as null and every value as text, which the schema does not say.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env.str("PLEDGEBOARD_API_RATE", default="6000/hour")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pledgeboard API",
    "DESCRIPTION": "Customers, incidents, commitments, capacity forecasts and scenarios.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "core.schema.add_error_responses"],
}

# --- Security (production) ----------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# The API's schema and its browsable docs: open while developing, behind a login in production unless opened.
API_DOCS_PUBLIC = _bool("PLEDGEBOARD_API_DOCS_PUBLIC", default=DEBUG)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Every cookie we set is Secure: the session, CSRF, the chosen language (and messages, which follow the session's).
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy: our own scripts only (htmx runs with allowEval=false, no inline scripts).
# Plotly sets inline styles on the charts it draws, hence style-src 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Error reporting (optional: pip install -e ".[sentry]") -----------------------------------
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    try:
        import sentry_sdk
        from sentry_sdk.integrations.celery import CeleryIntegration
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as missing:
        message = 'SENTRY_DSN is set but sentry-sdk is not installed (pip install ".[sentry]").'
        raise ImproperlyConfigured(message) from missing
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}


# --- Product knobs ------------------------------------------------------------------------------
def _date(name: str, default: str) -> date:
    raw = env.str(name, default=default)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a date (use YYYY-MM-DD).") from None


PLEDGEBOARD = {
    "FLEET_DEADLINE_K": env.int("PLEDGEBOARD_FLEET_DEADLINE_K", default=1),
    "WIP_LIMIT": env.int("PLEDGEBOARD_WIP_LIMIT", default=2),
    # A customer's notice goes to every EB; these roles get a copy (and are written to when there is no EB).
    "NOTICE_CC_ROLES": env.list("PLEDGEBOARD_NOTICE_CC_ROLES", default=["TB"]),
    "FORECAST_COALESCE_SECONDS": env.int("PLEDGEBOARD_FORECAST_COALESCE_SECONDS", default=5),
    # The reconciler re-sends a job queued this long without starting (its message was lost) or running this long
    # (its worker died); a re-sent run that finds the job already done is skipped, so nothing runs twice.
    "RECONCILE_QUEUED_SECONDS": env.int("PLEDGEBOARD_RECONCILE_QUEUED_SECONDS", default=120),
    "RECONCILE_RUNNING_SECONDS": env.int("PLEDGEBOARD_RECONCILE_RUNNING_SECONDS", default=1800),
    # Webhooks: Alertmanager sends `Authorization: Bearer <token>` (http_config.authorization); PagerDuty signs
    # the body with the subscription's secret (several, comma separated, while a secret is rotated).
    "ALERTMANAGER_TOKEN": env.str("PLEDGEBOARD_ALERTMANAGER_TOKEN", default=""),
    "PAGERDUTY_SECRETS": env.list("PLEDGEBOARD_PAGERDUTY_SECRETS", default=[]),
    "WEBHOOK_MAX_BYTES": env.int("PLEDGEBOARD_WEBHOOK_MAX_BYTES", default=2 * 1024 * 1024),
    "IMPORT_MAX_BYTES": env.int("PLEDGEBOARD_IMPORT_MAX_BYTES", default=10 * 1024 * 1024),
    # A capacity reading is refused when dated later than now plus this skew (a wrong clock) or before the floor.
    "SAMPLE_MAX_SKEW": timedelta(seconds=env.int("PLEDGEBOARD_SAMPLE_MAX_SKEW_SECONDS", default=15 * 60)),
    "SAMPLE_FLOOR": _date("PLEDGEBOARD_SAMPLE_FLOOR", default="2000-01-01"),
    # GET /metrics answers only `Authorization: Bearer <token>`; without a token it is off (404).
    "METRICS_TOKEN": env.str("PLEDGEBOARD_METRICS_TOKEN", default=""),
    # /healthz answers 503 when the last heartbeat (sent by beat every minute, run by a worker) is older.
    "HEALTHZ_BEAT_SECONDS": env.int("PLEDGEBOARD_HEALTHZ_BEAT_SECONDS", default=300),
    # Optional pull of capacity samples from Prometheus (push through the API stays the default).
    "PROMETHEUS_URL": env.str("PLEDGEBOARD_PROMETHEUS_URL", default=""),
    "PROMETHEUS_TOKEN": env.str("PLEDGEBOARD_PROMETHEUS_TOKEN", default=""),
    "PROMETHEUS_SIZE_QUERY": env.str("PLEDGEBOARD_PROMETHEUS_SIZE_QUERY", default="node_filesystem_size_bytes"),
    "PROMETHEUS_AVAIL_QUERY": env.str("PLEDGEBOARD_PROMETHEUS_AVAIL_QUERY", default="node_filesystem_avail_bytes"),
    "PROMETHEUS_USED_QUERY": env.str("PLEDGEBOARD_PROMETHEUS_USED_QUERY", default=""),
    "PROMETHEUS_USED_KIND": env.str("PLEDGEBOARD_PROMETHEUS_USED_KIND", default="gauge"),
    # JSON {"label value": "deployment name"} for series whose label is not the deployment's name.
    "PROMETHEUS_DEPLOYMENT_MAP": env.json("PLEDGEBOARD_PROMETHEUS_DEPLOYMENT_MAP", default={}),
    "PROMETHEUS_DEPLOYMENT_LABEL": env.str("PLEDGEBOARD_PROMETHEUS_DEPLOYMENT_LABEL", default="deployment"),
    "PROMETHEUS_STEP": env.str("PLEDGEBOARD_PROMETHEUS_STEP", default="1d"),
    "PROMETHEUS_LOOKBACK_DAYS": env.int("PLEDGEBOARD_PROMETHEUS_LOOKBACK_DAYS", default=30),
    # Connector credentials are sealed with this Fernet key (urlsafe base64, 32 bytes); without it, with one
    # derived from DJANGO_SECRET_KEY (rotating that key then makes stored credentials unreadable).
    "CONNECTOR_KEY": env.str("PLEDGEBOARD_CONNECTOR_KEY", default=""),
    # Where links in Slack notices point (https://pledgeboard.example.com).
    "SITE_URL": env.str("PLEDGEBOARD_SITE_URL", default="http://localhost:8000"),
}
