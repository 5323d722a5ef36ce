"""The deadline rush (issue 12): RUSH_APPLICANTS applicants upload a 5 MB PDF and submit at once, against gunicorn.

Needs PostgreSQL (DATABASE_URL): it creates its own database (<name>_bench_rush), seeds one open cycle with
RUSH_APPLICANTS draft applications ready to submit (the test factories, through the real services), and for each
gunicorn configuration serves the application (production settings) and a bare upload view (no middleware: it reads
the multipart body, stores the file and returns its SHA-256) the same way, side by side. Every applicant's thread
uploads its own 5 MB PDF through the application's evidence page and then submits; the bare server receives the
same uploads. Afterwards it counts what arrived: every upload stored once with the SHA-256 that was sent, every
application submitted — "nothing lost". The bound is the application's upload p95 ≤ 1.5 × the bare view's p95 on
the same configuration.

    make bench ARGS=rush
    RUSH_APPLICANTS=50 RUSH_CONFIGS=gthread make bench ARGS=rush
"""
import collections
import hashlib
import io
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APPLICANTS = int(os.environ.get("RUSH_APPLICANTS", 200))
FILE_BYTES = 5 * 1024 * 1024
SECRET_KEY = secrets.token_urlsafe(50)  # production settings refuse a short or demo key
# name → gunicorn arguments; the same for the application and the bare view.
CONFIGS = {
    "sync": ["--workers", "2"],
    "gthread": ["--workers", "2", "--worker-class", "gthread", "--threads", "8"],
}


def bench_deadline_rush():
    from django.db import connection

    if connection.vendor != "postgresql":
        print("    needs DATABASE_URL (PostgreSQL); skipped")
        return {}
    chosen = [c.strip() for c in os.environ.get("RUSH_CONFIGS", "").split(",") if c.strip()]
    configs = {name: CONFIGS[name] for name in chosen} if chosen else CONFIGS
    original_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original_name}_bench_rush"
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    figures = {}
    try:
        everyone = _seed(APPLICANTS * len(configs))
        for number, (name, args) in enumerate(configs.items()):
            applications = everyone[number * APPLICANTS:(number + 1) * APPLICANTS]
            media = Path(tempfile.mkdtemp(prefix="bench-rush-"))
            bare_dir = media / "bare"
            bare_dir.mkdir()
            env = _server_env(test_name, media, bare_dir)
            subprocess.run([str(REPO / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
                           cwd=REPO, check=True, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.production"})
            app = _serve("config.wsgi", 8971, "config.settings.production", args, env)
            bare = _serve("benchmarks.rush_bare:application", 8972, "benchmarks.rush_bare", args, env)
            try:
                payloads = [_pdf(i) for i in range(len(applications))]
                bare_p95, bare_errors = _rush_bare(payloads)
                app_upload_p95, submit_p95, app_errors = _rush_app(applications, payloads)
            finally:
                for process in (app, bare):
                    process.terminate()
                    process.wait()
            stored, submitted = _count_arrived(applications, payloads)
            waits = sorted(float(line) for line in (media / "audit-lock-waits.txt").read_text().split())
            figures[f"{name}: audit lock waits inside the requests"] = len(waits)
            figures[f"{name}: audit lock wait p95 / max (ms)"] = f"{_p95(waits):.2f} / {waits[-1]:.2f}"
            figures[f"{name}: bare upload p95 (ms)"] = round(bare_p95, 1)
            figures[f"{name}: application upload p95 (ms)"] = round(app_upload_p95, 1)
            figures[f"{name}: application upload p95 / bare p95"] = round(app_upload_p95 / bare_p95, 2)
            figures[f"{name}: submit p95 (ms)"] = round(submit_p95, 1)
            figures[f"{name}: errors (application, bare)"] = f"{app_errors}, {bare_errors}"
            figures[f"{name}: uploads stored with the sent SHA-256"] = f"{stored} of {len(applications)}"
            figures[f"{name}: applications submitted"] = f"{submitted} of {len(applications)}"
            shutil.rmtree(media, ignore_errors=True)
        figures["bound: application upload p95 / bare p95"] = 1.5
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    return figures


def _seed(count):
    """`count` draft applications in one open cycle, each with a session cookie for its applicant (a fresh set of
    applicants for every configuration, so none starts from another's submission)."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from tests.accounts import celery_broker
    from tests.factories.award import CycleFactory, application_in_state

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # seeding speed only
    settings.SECRET_KEY = SECRET_KEY  # the servers' key: the sessions made here must verify there
    with celery_broker("memory://"):
        cycle = CycleFactory()
        drafts = [application_in_state("draft", cycle=cycle) for _ in range(count)]
    applications = []
    for application in drafts:
        store = SessionStore()
        store["_auth_user_id"] = str(application.applicant.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = application.applicant.get_session_auth_hash()
        store.create()
        applications.append((application.pk, application.kind, store.session_key))
    return applications


def _server_env(database, media, bare_dir):
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{database}"
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_SECURE_COOKIES": "false", "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "REDIS_URL": "", "DJANGO_LOG_LEVEL": "WARNING",
            "AUDIT_HMAC_KEY": "bench-rush-audit-key", "AUDIT_HMAC_KEY_ID": "bench",
            "AUDIT_ANCHOR_DIR": str(media / "anchors"), "PRIVATE_MEDIA_ROOT": str(media), "S3_BUCKET": "",
            "RUSH_BARE_DIR": str(bare_dir), "DJANGO_STATIC_ROOT": str(media / "static"),
            "AUDIT_LOCK_WAIT_LOG": str(media / "audit-lock-waits.txt"),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}


def _serve(module, port, settings_module, args, env):
    process = subprocess.Popen(
        [str(REPO / ".venv/bin/gunicorn"), module, "--bind", f"127.0.0.1:{port}", "--timeout", "120",
         "--log-level", "warning", *args],
        cwd=REPO, env={**env, "DJANGO_SETTINGS_MODULE": settings_module})
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
            return process
        except urllib.error.HTTPError:
            return process  # up, even if / is not a page there
        except Exception:  # noqa: BLE001 — not up yet
            time.sleep(0.2)
    return process


def _pdf(i):
    """A valid 5 MB PDF, different for every applicant: one page and an uncompressed stream of filler."""
    filler = (f"% applicant {i} ".encode() + secrets.token_hex(16).encode() + b"\n") * (FILE_BYTES // 50)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(filler) + filler + b"\nendstream"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _multipart(fields, file_bytes, filename):
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                 f"Content-Type: application/pdf\r\n\r\n".encode() + file_bytes + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _post(url, body, content_type, cookie):
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": content_type, "Cookie": cookie, "Referer": "http://127.0.0.1/",
        "X-Forwarded-Proto": "http"})
    started = time.perf_counter()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return (time.perf_counter() - started) * 1000, status


def _at_once(jobs):
    """Runs every job in its own thread, released together; returns their results in order."""
    results = [None] * len(jobs)
    start = threading.Barrier(len(jobs))

    def run(i, job):
        start.wait()
        try:
            results[i] = job()
        except Exception:  # noqa: BLE001 — counted as an error, not raised: a benchmark reports
            results[i] = None

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _p95(values):
    values = sorted(values)
    return values[max(int(len(values) * 0.95) - 1, 0)] if values else float("nan")


def _rush_bare(payloads):
    def job(i):
        body, content_type = _multipart({"n": str(i)}, payloads[i], f"evidence-{i}.pdf")
        return _post("http://127.0.0.1:8972/", body, content_type, "")

    results = _at_once([lambda i=i: job(i) for i in range(len(payloads))])
    ok = [r[0] for r in results if r and r[1] == 200]
    return _p95(ok), len(results) - len(ok)


def _rush_app(applications, payloads):
    def job(i):
        pk, kind, session = applications[i]
        token = secrets.token_hex(16)
        cookie = f"sessionid={session}; csrftoken={token}"
        evidence_kind = "quality"
        body, content_type = _multipart({"csrfmiddlewaretoken": token, "kind": evidence_kind,
                                         "description": "质量业绩"}, payloads[i], f"evidence-{i}.pdf")
        upload = _post(f"http://127.0.0.1:8971/applications/{pk}/evidence/", body, content_type, cookie)
        fields = {"csrfmiddlewaretoken": token, "declares_truthful": "on", "declares_no_major_accident": "on",
                  "declares_no_violations": "on", "signed_name": "王明"}
        form = "&".join(f"{k}={urllib.parse.quote(v)}" for k, v in fields.items()).encode()
        submit = _post(f"http://127.0.0.1:8971/applications/{pk}/submit/", form,
                       "application/x-www-form-urlencoded", cookie)
        return upload, submit

    results = _at_once([lambda i=i: job(i) for i in range(len(applications))])
    uploads = [r[0][0] for r in results if r and r[0][1] == 302]
    submits = [r[1][0] for r in results if r and r[1][1] == 302]
    errors = collections.Counter(
        "no answer" if not r else f"upload {r[0][1]}" if r[0][1] != 302 else f"submit {r[1][1]}"
        for r in results if not r or r[0][1] != 302 or r[1][1] != 302)
    return _p95(uploads), _p95(submits), dict(errors) or 0


def _count_arrived(applications, payloads):
    from award.models import Application, ApplicationState, Evidence

    expected = {pk: hashlib.sha256(payloads[i]).hexdigest() for i, (pk, _kind, _s) in enumerate(applications)}
    stored = sum(1 for pk, digest in Evidence.objects.filter(application_id__in=expected)
                 .values_list("application_id", "sha256") if expected[pk] == digest)
    submitted = Application.objects.filter(pk__in=expected, state=ApplicationState.SUBMITTED).count()
    return stored, submitted

