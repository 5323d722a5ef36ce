"""A real Celery worker sends notifications committed by the web process, once (SPEC §11).

Starts `celery -A config worker` against Redis (REDIS_URL, default db 13) and the test database; the worker
writes e-mails to files. Skipped only on a developer's machine without Redis; on CI (CI set) it fails instead.
"""
import email
import os
import subprocess
import sys
import time
from email.header import decode_header, make_header
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from accounts.models import Notification, User
from accounts.notifications import notify
from tests.accounts import celery_broker

pytestmark = pytest.mark.worker

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13")
UNREACHABLE_BROKER = "redis://127.0.0.1:6390/13"
WAIT_SECONDS = 30
STARTUP_SECONDS = 60  # a loaded CI machine imports Django and runs its system checks slowly


def _redis_or_skip():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except (redis.exceptions.RedisError, OSError) as exc:
        message = f"Redis unreachable at {REDIS_URL}: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return client


def _test_database_url():
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot share the in-memory SQLite test database")
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(predicate, what, log, seconds=WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"waited {seconds} s for {what}; worker log:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def worker(django_db_setup, tmp_path_factory):
    """One worker process for this module, on the test database; always terminated afterwards."""
    broker = _redis_or_skip()
    broker.delete("celery", "unacked", "unacked_index")  # messages left by an earlier, interrupted run
    base = tmp_path_factory.mktemp("worker")
    mail_dir, log = base / "mail", base / "worker.log"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(settings.BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    celery = Path(sys.executable).parent / "celery"
    command = [str(celery), "-A", "config", "worker", "--pool=solo", "--concurrency=1", "-Q", "celery"]
    command += ["--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    with log.open("w") as log_file:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    try:
        _wait_for(
            lambda: process.poll() is not None or " ready." in log.read_text(),
            "the worker to start",
            log,
            seconds=STARTUP_SECONDS,
        )
        if process.poll() is not None:
            pytest.fail(f"the worker exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        yield {"mail_dir": mail_dir, "log": log, "broker": broker}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def mail_dir(worker):
    for old in worker["mail_dir"].iterdir():
        old.unlink()
    return worker["mail_dir"]


@pytest.fixture
def applicant(transactional_db):
    return User.objects.create_user(username="org1", full_name="滨州某某集团", email="org1@example.com")


def notify_committed(recipient):
    with transaction.atomic():
        return notify(
            recipient=recipient,
            event="application.qualified",
            subject="资格审查已通过",
            body="您的申报已通过资格审查,进入资料评审。",
            link="/award/applications/7/",
            key="application-7-qualified",
        )


def _sent(notification):
    return Notification.objects.filter(pk=notification.pk, email_sent_at__isnull=False).exists()


def _queue_drained(broker):
    return broker.llen("celery") == 0 and broker.hlen("unacked") == 0


def _subjects(mail_dir):
    subjects = []
    for path in sorted(mail_dir.iterdir()):
        # The file backend writes each message followed by a line of dashes.
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                message = email.message_from_bytes(chunk.strip())
                subjects.append(str(make_header(decode_header(message["Subject"]))))
    return subjects


def test_worker_sends_committed_notification_once(worker, mail_dir, applicant):
    with celery_broker(REDIS_URL):
        notification = notify_committed(applicant)

    _wait_for(lambda: _sent(notification), "the worker to send the e-mail", worker["log"])
    assert _subjects(mail_dir) == ["【滨州市市长质量奖】资格审查已通过"]


def test_worker_sends_once_what_the_relay_hands_over_after_an_outage(worker, mail_dir, applicant):
    with celery_broker(UNREACHABLE_BROKER):
        notification = notify_committed(applicant)
    assert not _sent(notification)

    with celery_broker(REDIS_URL):
        # The operator relays twice (cron and by hand): two tasks, one e-mail.
        call_command("relay_outbox", "--all", stdout=StringIO())
        call_command("relay_outbox", "--all", stdout=StringIO())

    _wait_for(lambda: _sent(notification), "the worker to send the relayed e-mail", worker["log"])
    _wait_for(lambda: _queue_drained(worker["broker"]), "the worker to drain the queue", worker["log"])
    assert _subjects(mail_dir) == ["【滨州市市长质量奖】资格审查已通过"]
