"""Issue 10 point 9: the demo seeds quietly (a summary line per part, no e-mail printed) and its links follow PORT."""
import importlib
import logging
import sys

import pytest
from django.core.management import call_command

from accounts.models import Notification


@pytest.mark.django_db
def test_seed_demo_prints_a_line_per_part_and_no_email(capfd, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # as ./scripts/dev runs it

    call_command("seed_demo")

    out, err = capfd.readouterr()
    lines = out.splitlines()
    # award, review, supervision, decision, and the count of e-mails when they were sent at once (no broker)
    assert 4 <= len(lines) <= 5
    assert lines[0].startswith("已创建演示数据") and lines[2].startswith("已聘任评审监督小组")
    assert lines[3].startswith("已创建待批准的演示届次")
    assert "Subject:" not in out and "Step 1 - Fetching" not in err
    assert Notification.objects.exists()  # the inboxes still hold what the e-mails said
    assert logging.getLogger("weasyprint").level == logging.NOTSET  # loggers restored


@pytest.mark.parametrize(("env", "expected"), [
    ({"PORT": "8123"}, "http://127.0.0.1:8123"),
    ({}, "http://127.0.0.1:8000"),
    ({"PORT": "8123", "SITE_URL": "https://award.example.gov.cn"}, "https://award.example.gov.cn"),
], ids=["port", "default", "site-url-wins"])
def test_site_url_follows_port_unless_set(monkeypatch, env, expected):
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.delenv("SITE_URL", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("config.settings.base", None)
    try:
        base = importlib.import_module("config.settings.base")
    finally:
        sys.modules.pop("config.settings.base", None)

    assert base.SITE_URL == expected
