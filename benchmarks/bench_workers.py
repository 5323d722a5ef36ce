"""Certificates on a real Celery worker with 2 prefork children: peak RSS per child and wall time against the ideal.

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): it creates its own database (<name>_bench_workers), seeds
one cycle with CERTIFICATES winners, and for each way of keeping children small renders all their certificates
on `celery -A config worker --concurrency=2` while sampling every child's peak RSS (VmHWM) from /proc. The ideal
is CERTIFICATES × (one warm render and store, measured serially here right before) / 2 children; the wall is
also set against the tasks' own run times (from the worker's log) over 2 children, which the machine's other
load inflates alike.

    make bench ARGS=workers
    BENCH_WORKER_VARIANTS=gc,baseline make bench ARGS=workers    # only some variants
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

CERTIFICATES = int(os.environ.get("BENCH_CERTIFICATES", 100))
CHILDREN = 2
# name → (extra environment, extra worker arguments)
VARIANTS = {
    "baseline": ({"PDF_COLLECT_GARBAGE": "false", "CELERY_WORKER_MAX_MEMORY_PER_CHILD": "0"}, []),
    "gc": ({"PDF_COLLECT_GARBAGE": "true", "CELERY_WORKER_MAX_MEMORY_PER_CHILD": "0"}, []),
    "max_tasks_per_child=4": (
        {"PDF_COLLECT_GARBAGE": "false", "CELERY_WORKER_MAX_MEMORY_PER_CHILD": "0"}, ["--max-tasks-per-child=4"]
    ),
    "max_memory_per_child=300MB": (
        {"PDF_COLLECT_GARBAGE": "false", "CELERY_WORKER_MAX_MEMORY_PER_CHILD": "0"},
        ["--max-memory-per-child=300000"],
    ),
    "default (gc + 400MB cap)": ({}, []),
}


def bench_certificates_on_two_worker_children():
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        print("    needs DATABASE_URL (PostgreSQL) and REDIS_URL; skipped")
        return {}
    chosen = [v.strip() for v in os.environ.get("BENCH_WORKER_VARIANTS", "").split(",") if v.strip()]
    variants = {name: VARIANTS[name] for name in chosen} if chosen else VARIANTS
    original_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original_name}_bench_workers"
    media = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    settings.PRIVATE_MEDIA_ROOT = media
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    figures = {}
    try:
        certificate_ids = _seed()
        for name, (env, args) in variants.items():
            # The machine is shared: the serial figure is taken again right before each variant.
            _reset(certificate_ids)
            single = _single_render_seconds(certificate_ids[:6])
            _reset(certificate_ids)
            wall, peaks, children, busy = _run_worker(certificate_ids, env=env, args=args, media=media)
            ideal = len(certificate_ids) * single / CHILDREN
            figures[f"{name}: one warm serial render+store (s)"] = single
            figures[f"{name}: wall (s)"] = wall
            figures[f"{name}: wall / ideal"] = wall / ideal
            figures[f"{name}: wall / (task time / children)"] = wall / (busy / CHILDREN)
            figures[f"{name}: peak RSS per child, max (MB)"] = max(peaks)
            figures[f"{name}: children used"] = children
        figures["bound: peak RSS per child (MB)"] = 400
        figures["bound: wall / ideal"] = 1.2
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    return figures


def _seed():
    """One winner through the real services, then CERTIFICATES - 1 more winners copied from it in bulk."""
    from accounts.models import User
    from award.models import Application, Award, Certificate
    from tests.accounts import celery_broker
    from tests.factories.decision import awarded_cycle

    with celery_broker("memory://"):  # the on-commit hand-offs go nowhere: the worker is given them below
        _cycle, _office, certificates = awarded_cycle(organizations=1, individuals=0)
    first = Certificate.objects.select_related("award__application").get(pk=certificates[0].pk)
    award, application = first.award, first.award.application
    users = User.objects.bulk_create(
        [User(username=f"bench-winner-{i}", full_name=f"滨州市第{i}质量示范企业") for i in range(1, CERTIFICATES)]
    )
    applications = []
    for i, user in enumerate(users, start=1):
        copy = Application.objects.get(pk=application.pk)
        copy.pk, copy.applicant, copy.reference = None, user, f"{application.reference}-{i}"
        applications.append(copy)
    applications = Application.objects.bulk_create(applications)
    awards = []
    for i, copy in enumerate(applications, start=1):
        clone = Award.objects.get(pk=award.pk)
        clone.pk, clone.application, clone.recipient_name = None, copy, f"滨州市第{i}质量示范企业"
        awards.append(clone)
    awards = Award.objects.bulk_create(awards)
    Certificate.objects.bulk_create(
        [Certificate(award=clone, number=f"{first.number}-{i}") for i, clone in enumerate(awards, start=1)]
    )
    return [first.pk, *Certificate.objects.filter(award__in=awards).order_by("pk").values_list("pk", flat=True)]


def _reset(ids):
    from award.models import Certificate, CertificateState

    Certificate.objects.filter(pk__in=ids).update(state=CertificateState.PENDING, pdf="", sha256="",
                                                  rendered_at=None)


def _single_render_seconds(ids):
    """Median of warm serial renders in this process (render, store, audit, notify), after one to load fonts."""
    from award.models import Certificate
    from award.services.certificate import certificate_render

    timings = []
    for pk in ids:
        started = time.perf_counter()
        certificate_render(certificate=Certificate.objects.get(pk=pk))
        timings.append(time.perf_counter() - started)
    return statistics.median(timings[1:])


def _database_url():
    from django.db import connection

    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _run_worker(ids, *, env, args, media):
    import redis
    from django.conf import settings

    from award.models import Certificate, CertificateState
    from award.tasks import task_render_certificate
    from tests.accounts import celery_broker

    queue = f"bench-workers-{os.getpid()}"
    redis.Redis.from_url(settings.REDIS_URL).delete(queue)
    log = media / "worker.log"
    command = [str(Path(sys.executable).parent / "celery"), "-A", "config", "worker", "--pool=prefork",
               f"--concurrency={CHILDREN}", "-Q", queue, "--loglevel=INFO", "--without-gossip",
               "--without-mingle", "--without-heartbeat", *args]
    worker_env = {**os.environ, "PYTHONPATH": str(settings.BASE_DIR), "DATABASE_URL": _database_url(),
                  "REDIS_URL": settings.REDIS_URL, "PRIVATE_MEDIA_ROOT": str(media), "S3_BUCKET": "",
                  "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local"),
                  "CELERY_TASK_ALWAYS_EAGER": "false", **env}
    with log.open("w") as handle:
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=worker_env, stdout=handle,
                                   stderr=subprocess.STDOUT)
    peaks = {}
    try:
        _wait_for_children(process.pid, log)
        _wait_for_log(log, "PDF rendering warmed up", CHILDREN)
        started = time.perf_counter()
        with celery_broker(settings.REDIS_URL):
            for pk in ids:
                task_render_certificate.apply_async(kwargs={"certificate_id": pk}, queue=queue)
        rendered = Certificate.objects.filter(pk__in=ids, state=CertificateState.RENDERED)
        while rendered.count() < len(ids):
            _sample(process.pid, peaks)
            if process.poll() is not None or time.perf_counter() - started > 900:
                raise RuntimeError(f"worker stopped or too slow:\n{log.read_text()[-3000:]}")
            time.sleep(0.05)
        wall = time.perf_counter() - started
        _sample(process.pid, peaks)
    finally:
        process.terminate()
        process.wait(timeout=60)
    text = log.read_text()
    print(text[-4000:]) if os.environ.get("BENCH_SHOW_LOG") else None
    busy = sum(float(m) for m in re.findall(r"task_render_certificate\[[^]]+\] succeeded in ([0-9.]+)s", text))
    return wall, [kb / 1024 for kb in peaks.values()], len(peaks), busy


def _children(pid):
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _wait_for_children(pid, log):
    deadline = time.monotonic() + 120
    while len(_children(pid)) < CHILDREN:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the worker did not start its children:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    time.sleep(1)


def _wait_for_log(log, text, count):
    deadline = time.monotonic() + 120
    while log.read_text().count(text) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"waited for {count} × {text!r}:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


def _sample(pid, peaks):
    for child in _children(pid):
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks[child] = max(peaks.get(child, 0), int(line.split()[1]))
