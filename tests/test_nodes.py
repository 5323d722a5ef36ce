"""Web nodes that share nothing but PostgreSQL, Redis and the bucket (a province's several-machine layout).

Two gunicorn nodes on different ports, each in its own working directory with its own (empty) PRIVATE_MEDIA_ROOT,
and a Celery worker that serves neither, all over the test database, REDIS_URL and one private bucket on the real
S3 server (tests/s3server.py). Evidence uploaded through node A downloads byte for byte (SHA-256) through node B;
a certificate the worker renders downloads through node B too. Nothing lands on any node's disk.
"""
import hashlib
import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import urllib3
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from award.models import Certificate, CertificateState, Evidence
from tests import s3server
from tests.accounts import celery_broker
from tests.accounts.test_worker import _redis_or_skip, _test_database_url
from tests.factories.award import application_in_state
from tests.factories.decision import awarded_cycle

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13")
STARTUP_SECONDS = 90
RENDER_SECONDS = 60


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(predicate, what, logs, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    tails = "\n".join(f"--- {log}\n{Path(log).read_text()[-2000:]}" for log in logs)
    pytest.fail(f"waited {seconds} s for {what}\n{tails}")


def _answers(port):
    try:
        urllib3.request("GET", f"http://127.0.0.1:{port}/", timeout=2, retries=False)
    except urllib3.exceptions.HTTPError:
        return False
    return True


@pytest.fixture
def cluster(s3_bucket, tmp_path):
    """Node A, node B and a worker, each in its own directory; all stopped afterwards."""
    _redis_or_skip().delete("celery", "unacked", "unacked_index")
    common = {
        **os.environ,
        "PYTHONPATH": str(settings.BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "S3_BUCKET": s3_bucket,
        "S3_ENDPOINT_URL": settings.S3_ENDPOINT_URL,
        "S3_ACCESS_KEY_ID": settings.S3_ACCESS_KEY_ID,
        "S3_SECRET_ACCESS_KEY": settings.S3_SECRET_ACCESS_KEY,
        "S3_REGION": settings.S3_REGION,
    }
    bin_dir = Path(sys.executable).parent
    processes, logs, nodes = [], [], {}
    try:
        for role in ("a", "b", "worker"):
            home = tmp_path / role
            (home / "private").mkdir(parents=True)
            env = {**common, "PRIVATE_MEDIA_ROOT": str(home / "private")}
            log = home / "log.txt"
            if role == "worker":
                command = [str(bin_dir / "celery"), "-A", "config", "worker", "--pool=solo", "--concurrency=1",
                           "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]
            else:
                port = _free_port()
                nodes[role] = {"port": port, "private": home / "private"}
                command = [str(bin_dir / "gunicorn"), "config.wsgi:application", f"--bind=127.0.0.1:{port}",
                           "--workers=1", "--access-logfile=-"]
            with log.open("w") as handle:
                processes.append(subprocess.Popen(command, cwd=home, env=env, stdout=handle,
                                                  stderr=subprocess.STDOUT))
            logs.append(log)
        for role in ("a", "b"):
            _wait(lambda role=role: _answers(nodes[role]["port"]), f"node {role}", logs, STARTUP_SECONDS)
        _wait(lambda: " ready." in logs[2].read_text(), "the worker", logs, STARTUP_SECONDS)
        yield {"nodes": nodes, "logs": logs, "worker_private": tmp_path / "worker" / "private"}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _session_cookie(user):
    client = Client()
    client.force_login(user)  # a session row in the shared database: valid on every node
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _pdf(size):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    page = writer.pages[0]
    filler = DecodedStreamObject()
    filler.set_data(b"% " + os.urandom(size // 2).hex().encode() + b"\n")  # a comment in the page's content: no attachment, no action
    page[NameObject("/Contents")] = writer._add_object(filler)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _get(node, path, session):
    return urllib3.request("GET", f"http://127.0.0.1:{node['port']}{path}", timeout=30, retries=False,
                           headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}, redirect=False)


def _upload(node, application, session, data):
    page = _get(node, reverse("award:application_edit", kwargs={"pk": application.pk}), session)
    assert page.status == 200
    token = next(value.split("=", 1)[1].split(";")[0] for value in page.headers.getlist("Set-Cookie")
                 if value.startswith(f"{settings.CSRF_COOKIE_NAME}="))
    return urllib3.request(
        "POST", f"http://127.0.0.1:{node['port']}{reverse('award:evidence_upload', kwargs={'pk': application.pk})}",
        fields={"csrfmiddlewaretoken": token, "kind": "financial", "description": "",
                "file": ("审计报告.pdf", data, "application/pdf")},
        headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={token}"},
        timeout=60, retries=False, redirect=False,
    )


def _files_under(path):
    return [p for p in path.rglob("*") if p.is_file()]


def test_evidence_uploaded_through_one_node_downloads_intact_through_the_other(cluster):
    node_a, node_b = cluster["nodes"]["a"], cluster["nodes"]["b"]
    application = application_in_state("draft")
    session = _session_cookie(application.applicant)
    data = _pdf(2 * 1024 * 1024)

    uploaded = _upload(node_a, application, session, data)
    evidence = Evidence.objects.get(application=application, original_name="审计报告.pdf")
    downloaded = _get(node_b, reverse("award:evidence_download", kwargs={"pk": evidence.pk}), session)

    assert uploaded.status == 302
    assert downloaded.status == 200
    assert hashlib.sha256(downloaded.data).hexdigest() == hashlib.sha256(data).hexdigest() == evidence.sha256
    assert _files_under(node_a["private"]) == _files_under(node_b["private"]) == []


def test_certificate_rendered_on_a_worker_downloads_through_a_web_node(cluster):
    node_b = cluster["nodes"]["b"]
    with celery_broker(REDIS_URL):
        # awards_grant queues the rendering on commit: to the real broker, so the worker renders it.
        _cycle, _office, certificates = awarded_cycle(organizations=1, individuals=0)
    certificate = certificates[0]

    _wait(lambda: Certificate.objects.filter(pk=certificate.pk, state=CertificateState.RENDERED).exists(),
          "the worker to render the certificate", cluster["logs"], RENDER_SECONDS)
    certificate.refresh_from_db()
    session = _session_cookie(certificate.award.application.applicant)
    downloaded = _get(node_b, reverse("award:certificate_download", kwargs={"pk": certificate.pk}), session)

    assert "award.tasks.task_render_certificate" in cluster["logs"][2].read_text()
    assert downloaded.status == 200
    assert downloaded.data.startswith(b"%PDF")
    assert hashlib.sha256(downloaded.data).hexdigest() == certificate.sha256
    assert certificate.pdf.name in [item["Key"] for item in s3server.client().list_objects_v2(
        Bucket=settings.S3_BUCKET).get("Contents", [])]
    assert _files_under(cluster["worker_private"]) == _files_under(node_b["private"]) == []
