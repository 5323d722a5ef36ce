"""Tests: PostgreSQL and Redis from the environment (scripts/test sets them); fast hashing; mail in memory."""
from .base import *  # noqa: F401,F403
from .base import BASE_DIR, env

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# pytest-django forces locmem in the test process anyway; the env lets the worker test use the file backend.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "test-mail"))
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"
# Unit tests run tasks eagerly; the worker test starts a real worker against REDIS_URL.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Each test starts with empty rate-limit counters: no shared cache between tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Two-factor sign-in off unless a test turns it on (`settings.OTP_REQUIRED = True`); login throttling stays on.
OTP_REQUIRED = False
# Tests run inside transactions that never commit: entries are written as they are recorded, except in the
# tests of the at-commit write (tests/accounts/test_audit_at_commit.py), which commit for real.
AUDIT_WRITE_AT_COMMIT = False
AXES_ENABLED = True
