"""Production: everything from the environment; refuses to start without a real secret and database."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import DEMO_AUDIT_HMAC_KEY, DEMO_SECRET_KEY, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
if SECRET_KEY == DEMO_SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50:
    # Whoever knows the key forges sessions and password-reset tokens; the demo key is in this repository.
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is the demo key or too short: give a random one of 50+ characters")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL through accounts.dbbackend: the audit entries of a transaction are written right before its COMMIT.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "accounts.dbbackend"
# `manage.py seed_demo` creates accounts with a published password: refused here unless explicitly allowed.
DEMO_SEED_ALLOWED = env.bool("DEMO_SEED_ALLOWED", default=False)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only: nginx terminates TLS and forwards X-Forwarded-Proto; browsers remember it (HSTS, one year).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
# Two-factor sign-in is required of the staff roles in production (OTP_REQUIRED=false only to migrate an old site).
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=True)
# The audit log's key must come from the environment (a secret store), never the demo default.
AUDIT_HMAC_KEY = env("AUDIT_HMAC_KEY")
if AUDIT_HMAC_KEY == DEMO_AUDIT_HMAC_KEY:
    raise ImproperlyConfigured("AUDIT_HMAC_KEY is the demo key: give the audit chain a secret key")
# Entering the browsers' HSTS preload list is the domain owner's decision (it binds every subdomain for years);
# DJANGO_SECURE_HSTS_PRELOAD=true opts in, and until then the preload warning is not a defect of this deployment.
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
