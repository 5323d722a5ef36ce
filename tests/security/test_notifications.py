"""Notifications across a scripted Redis freeze and kill, with a real worker (issue 11). A private redis-server on
its own port is started, frozen (SIGSTOP), thawed, killed and restarted; the shared Redis is never touched.
Figures: notifications created, delivered (e-mails written by the worker) and doubled."""
import collections
import os
import signal
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from accounts.models import Notification, User
from accounts.notifications import notify
from tests.accounts import celery_broker
from tests.accounts.test_worker import _subjects, _test_database_url, _wait_for

from .figures import record

pytestmark = pytest.mark.worker
PER_PHASE = 5


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis(port):
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    pytest.fail("the private redis-server did not start")


def _stop(process):
    if process.poll() is None:
        process.kill()
    process.wait()


@pytest.mark.django_db(transaction=True)
def test_notifications_survive_a_redis_freeze_and_kill_once_each(tmp_path):
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    redis = _redis(port)
    mail_dir, log = tmp_path / "mail", tmp_path / "worker.log"
    mail_dir.mkdir()
    env = {**os.environ, "PYTHONPATH": str(settings.BASE_DIR), "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "DATABASE_URL": _test_database_url(), "REDIS_URL": url, "CELERY_TASK_ALWAYS_EAGER": "false",
           "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(mail_dir)}
    celery = Path(sys.executable).parent / "celery"
    with log.open("w") as log_file:
        worker = subprocess.Popen([str(celery), "-A", "config", "worker", "--pool=solo", "--concurrency=1",
                                   "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
                                  cwd=settings.BASE_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    user = User.objects.create_user(username="sec-recipient", full_name="接收人", email="r@example.com")
    created = 0

    def send(phase):
        nonlocal created
        for n in range(PER_PHASE):
            with transaction.atomic():
                notify(recipient=user, event="security.walk", subject=f"{phase}-{n}", body="正文", key=f"{phase}-{n}")
            created += 1

    try:
        _wait_for(lambda: " ready." in log.read_text(), "the worker to start", log, seconds=90)
        with celery_broker(url):
            send("up")
            redis.send_signal(signal.SIGSTOP)
            send("frozen")
            redis.send_signal(signal.SIGCONT)
            send("thawed")
            redis.kill()
            redis.wait()
            send("killed")
            redis = _redis(port)
            send("restarted")
            call_command("relay_outbox", "--all", stdout=StringIO())
            call_command("relay_outbox", "--all", stdout=StringIO())
            _wait_for(lambda: not Notification.objects.filter(email_sent_at__isnull=True).exists(),
                      "every notification to be e-mailed", log, seconds=120)
            time.sleep(2)  # a doubled task would arrive now
        subjects = collections.Counter(s.split("】")[-1] for s in _subjects(mail_dir))
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
        _stop(redis)
    delivered = len(subjects)
    doubled = sum(count - 1 for count in subjects.values())
    record(notifications_created=created, notifications_delivered=delivered, notifications_doubled=doubled)

    assert (created, delivered, doubled) == (5 * PER_PHASE, 5 * PER_PHASE, 0)
