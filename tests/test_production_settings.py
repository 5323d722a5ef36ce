"""Production settings refuse what the demo allows (issue 11, "smaller points": production started with the demo
secret key, `seed_demo` ran under production settings, `check --deploy` warned, 1 of 49 requests failed after a
PostgreSQL restart without connection health checks)."""
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

REPO = Path(__file__).resolve().parents[1]
REAL_SECRET = "a-real-secret-for-this-test-only-0123456789abcdefghijklmnopqrstuvwxyz"
# The environment the README's production settings need (scripts/security runs `check --deploy` with the same).
PRODUCTION_ENV = {"DJANGO_SECRET_KEY": REAL_SECRET, "AUDIT_HMAC_KEY": "a-real-audit-key",
                  "DJANGO_ALLOWED_HOSTS": "award.example.gov.cn"}


def _production(monkeypatch, **env):
    for name, value in {**PRODUCTION_ENV, **env}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATABASE_URL", os.environ.get("DATABASE_URL", "postgres://u@127.0.0.1:5432/award"))
    sys.modules.pop("config.settings.production", None)
    try:
        return importlib.import_module("config.settings.production")
    finally:
        sys.modules.pop("config.settings.production", None)


@pytest.mark.parametrize("secret", ["insecure-demo-key-change-me-in-production", "short",
                                    "django-insecure-" + "x" * 50], ids=["demo", "short", "django-insecure"])
def test_production_refuses_the_demo_or_a_weak_secret_key(monkeypatch, secret):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        _production(monkeypatch, DJANGO_SECRET_KEY=secret)


def test_production_refuses_the_demo_audit_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="AUDIT_HMAC_KEY"):
        _production(monkeypatch, AUDIT_HMAC_KEY="insecure-demo-audit-key")


def test_production_checks_connections_and_forbids_the_demo_seed_unless_asked(monkeypatch):
    production = _production(monkeypatch)
    allowed = _production(monkeypatch, DEMO_SEED_ALLOWED="true")

    assert production.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert (production.DEMO_SEED_ALLOWED, allowed.DEMO_SEED_ALLOWED) == (False, True)


def test_production_requires_the_second_factor_and_throttles_sign_in(monkeypatch):
    monkeypatch.delenv("OTP_REQUIRED", raising=False)
    production = _production(monkeypatch)

    assert production.OTP_REQUIRED is True
    assert production.AXES_ENABLED is True and production.AXES_FAILURE_LIMIT == 5
    assert production.SESSION_EXPIRE_AT_BROWSER_CLOSE is True and production.STAFF_IDLE_TIMEOUT_MINUTES == 30


def test_every_setting_checks_connections_before_reuse():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_the_old_forwarded_for_switch_is_refused(monkeypatch):
    monkeypatch.setenv("USE_X_FORWARDED_FOR", "true")
    sys.modules.pop("config.settings.base", None)
    try:
        with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
            importlib.import_module("config.settings.base")
    finally:
        sys.modules.pop("config.settings.base", None)
        monkeypatch.delenv("USE_X_FORWARDED_FOR")
        importlib.import_module("config.settings.base")


def test_seed_demo_refuses_under_production_settings(settings):
    settings.DEMO_SEED_ALLOWED = False

    with pytest.raises(CommandError, match="DEMO_SEED_ALLOWED"):
        call_command("seed_demo")


def test_check_deploy_is_clean_with_the_readme_production_settings():
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set in this process by the browser tests, never in production
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=REPO, env=env,
                            capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
