"""Settings shared by every environment. Values come from the environment through django-environ."""
import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEMO_SECRET_KEY = "insecure-demo-key-change-me-in-production"  # production refuses it (production.py)
SECRET_KEY = env("DJANGO_SECRET_KEY", default=DEMO_SECRET_KEY)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "award",
    "review",
    "supervision",
    "demo",  # the demo seeder, above every app it seeds
]

MIDDLEWARE = [
    "accounts.middleware.BrokerScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.PrivateDownloadMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Whole public pages for anonymous visitors, before sessions, CSRF and the rest (issue 12).
    "award.public_responses.PublicResponseCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "accounts.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.AuditDeniedMiddleware",
    # Sign-in (accounts/signin.py): staff idle timeout, then the second factor before anything else.
    "accounts.middleware.StaffIdleTimeoutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    # django-axes last: it turns a locked-out login into the lockout page (accounts.signin.lockout_response).
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A connection kept open across requests (CONN_MAX_AGE) is checked before reuse: after a PostgreSQL restart the
# first request gets a fresh connection instead of an error (issue 11).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL through accounts.dbbackend: the audit entries of a transaction are written right before its COMMIT.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "accounts.dbbackend"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: a locked-out (username, address) pair is refused before any password is checked.
    "accounts.signin.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; the public pages need no permission
GUARDIAN_RAISE_403 = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "award:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # 8 characters for applicants, 12 for every staff role (accounts/passwords.py, issue 11).
    {"NAME": "accounts.passwords.RoleMinimumLengthValidator", "OPTIONS": {"min_length": 8, "staff_min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.StaffPasswordValidator"},
]

# --- sign-in (issue 11; README "登录安全") ---------------------------------------------------------------------
# django-axes: after LOGIN_FAILURE_LIMIT wrong passwords for one username from one client address, that pair is
# refused for LOGIN_COOLOFF_MINUTES (HTTP 429, templates/accounts/lockout.html). Counting the pair, not the address
# alone, keeps a county office behind one NAT working while one colleague mistypes; counting it in the database
# keeps the limit through a Redis outage. The address is accounts.http.client_ip (the trusted-proxy rule).
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "accounts.signin.axes_client_ip"
AXES_USERNAME_CALLABLE = "accounts.signin.axes_username"
AXES_LOCKOUT_CALLABLE = "accounts.signin.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Staff sessions end after this many minutes without a request; every session ends when the browser closes.
STAFF_IDLE_TIMEOUT_MINUTES = env.int("STAFF_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# TOTP second factor for the office, the agency, experts, supervisors and the leading group (accounts/signin.py).
# Production turns it on by default; the demo and the tests run without it unless OTP_REQUIRED=true.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=False)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="滨州市市长质量奖")
OTP_RECOVERY_CODE_COUNT = 10

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))

# Applicants' evidence lives outside any URL space; only permission-checked views serve it.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
# Several nodes that share no disk keep those files in a private S3 bucket instead (award/storage.py); with no
# S3_BUCKET they stay under PRIVATE_MEDIA_ROOT. Keys may also come from boto3's usual sources (instance roles).
S3_BUCKET = env("S3_BUCKET", default="")
S3_ENDPOINT_URL = env("S3_ENDPOINT_URL", default="")
S3_REGION = env("S3_REGION", default="us-east-1")
S3_ACCESS_KEY_ID = env("S3_ACCESS_KEY_ID", default="")
S3_SECRET_ACCESS_KEY = env("S3_SECRET_ACCESS_KEY", default="")
S3_PREFIX = env("S3_PREFIX", default="")
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)

# The audit log's HMAC key lives here, never in the database: whoever can write the table cannot recompute the
# chain without it (accounts/audit.py). Rotate by giving a new id and moving the old pair to the retired keys.
DEMO_AUDIT_HMAC_KEY = "insecure-demo-audit-key"
AUDIT_HMAC_KEY = env("AUDIT_HMAC_KEY", default=DEMO_AUDIT_HMAC_KEY)
AUDIT_HMAC_KEY_ID = env("AUDIT_HMAC_KEY_ID", default="k1")
# Audit entries written at COMMIT (PostgreSQL): the chain's lock is held for the insert and the commit only.
AUDIT_WRITE_AT_COMMIT = env.bool("AUDIT_WRITE_AT_COMMIT", default=True)
# A file each wait for the chain's lock is appended to, in ms (benchmarks only; empty: not measured).
AUDIT_LOCK_WAIT_LOG = env("AUDIT_LOCK_WAIT_LOG", default="")
AUDIT_HMAC_RETIRED_KEYS = env.dict("AUDIT_HMAC_RETIRED_KEYS", default={})
# Where the signed heads of the chain are appended (outside the database; ideally append-only or another host).
AUDIT_ANCHOR_DIR = Path(env("AUDIT_ANCHOR_DIR", default=str(BASE_DIR / "var" / "audit-anchors")))
# The largest request body a page accepts, checked against Content-Length before the body is read
# (accounts.middleware.RequestBodyLimitMiddleware): one evidence file and the form around it; a page with more
# files raises its own limit (accounts.http.accepts_request_body).
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=EVIDENCE_MAX_BYTES + 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Stored files (evidence, certificates, reports) readable by the app's user only: FileSystemStorage applies these
# to every write, uploads moved from a temporary file included (issue 11).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="滨州市市长质量奖 <award@localhost>")
# Absolute links (e-mails, certificate QR codes, survey invitations); without SITE_URL they follow PORT, the port
# ./scripts/dev serves on.
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}")
# `manage.py seed_demo` may run (demo accounts with a published password); production turns it off.
DEMO_SEED_ALLOWED = True
# Behind nginx: the addresses (or CIDR networks) of the reverse proxies whose X-Forwarded-For is believed. A
# request from one of them is taken to come from the right-most hop that is not a trusted proxy (accounts/http.py);
# any other request from its REMOTE_ADDR. Empty: REMOTE_ADDR always, the header is ignored.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network") from None
if env.bool("USE_X_FORWARDED_FOR", default=False) and not TRUSTED_PROXIES:
    # The old switch believed the client's first hop; its replacement names the proxies instead (issue 11).
    raise ImproperlyConfigured("USE_X_FORWARDED_FOR was replaced by TRUSTED_PROXIES: list the proxies' addresses")

# Celery: with no REDIS_URL every task runs eagerly in-process (the demo's embedded default).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A frozen Redis must not hang a request: short socket timeouts, few retries. The outbox keeps the event.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# Worker children stay small: each PDF render collects its garbage (award/pdf.py); a child that grows past this
# (KiB) all the same is replaced after its task. See benchmarks/bench_workers.py for the figures.
PDF_COLLECT_GARBAGE = env.bool("PDF_COLLECT_GARBAGE", default=True)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000)
CELERY_BEAT_SCHEDULE = {
    # Every outbox (notifications, survey invitations, certificates to render; accounts/outbox.py) relayed.
    "relay-outbox": {"task": "accounts.tasks.task_relay_outbox", "schedule": 30.0},
    "deadline-reminders": {"task": "award.tasks.task_send_deadline_reminders", "schedule": 6 * 3600.0},
    "scoring-deadline-reminders": {"task": "review.tasks.task_scoring_deadline_reminders", "schedule": 6 * 3600.0},
    # Art. 22: reminders of the periodic visits to winners, once a day.
    "visit-reminders": {"task": "supervision.tasks.task_visit_reminders", "schedule": 24 * 3600.0},
    # The audit chain's head, signed, to the anchor file outside the database (accounts/audit.py).
    "audit-anchor": {"task": "accounts.tasks.task_audit_anchor", "schedule": 3600.0},
}

# Public forms' rate limits count in the cache: shared through Redis when there is one, so every web process
# sees the same counts; per process otherwise (the demo).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "award"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Signed-in people's list pages kept between writes (accounts/kept_pages.py, issue 12); only with the shared
# cache, since a process-local one would not see another worker's writes.
KEPT_PAGES = env.bool("KEPT_PAGES", default=bool(REDIS_URL))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A strict Content-Security-Policy on every page (django-csp): scripts, styles, images and fonts from this site
# only, nothing inline (the templates have no inline script or style; keep it so), no plugins, no framing, forms
# post only here. Downloads get `sandbox` instead (accounts.middleware.PrivateDownloadMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet_refusals": {"()": "accounts.logfilters.QuietRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # An ordinary 403 is logged in one line, without a traceback (accounts/logfilters.py).
    "loggers": {"django.request": {"filters": ["quiet_refusals"]}},
}
