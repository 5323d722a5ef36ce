"""A request that notifies 100 people, with Redis up, refused (killed) and frozen (issue 11: "a request that
notifies 100 people returns as fast with Redis frozen as with Redis up"). Each run writes the 100 notifications
and makes their after-commit hand-offs inside one broker scope, as a request does (accounts/broker.py), inside a
transaction that is rolled back. "Up" needs a Redis: BENCH_BROKER_URL, else REDIS_URL (its messages go to a
queue of their own, deleted afterwards). Also prints what one hand-off costs without the scope (before issue 11
every hand-off paid it: × 100 per request)."""
import os
import socket
import time
from contextlib import contextmanager

from django.db import transaction
from django.test import TestCase

from accounts.broker import broker_scope
from accounts.models import Notification, Role, User
from accounts.notifications import notify
from config.celery_app import app as celery_app

RECIPIENTS = 100
BENCH_QUEUE = "bench-broker"


class _Rollback(Exception):
    pass


@contextmanager
def _broker(url):
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)

    def forget_connections():
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    forget_connections()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = url, False
    celery_app.conf.task_default_queue = BENCH_QUEUE
    try:
        yield
    finally:
        forget_connections()
        (celery_app.conf.broker_url, celery_app.conf.task_always_eager,
         celery_app.conf.task_default_queue) = saved


def _request(url, *, recipients=RECIPIENTS, scoped=True):
    """Seconds to notify `recipients` people and hand them over after the commit; and how many were handed."""
    with _broker(url):
        try:
            with transaction.atomic():
                users = User.objects.bulk_create([User(username=f"bench-notify-{n}", role=Role.OFFICE,
                                                       email=f"n{n}@example.com") for n in range(recipients)])
                started = time.perf_counter()
                scope = broker_scope() if scoped else _nothing()
                with scope, TestCase.captureOnCommitCallbacks(execute=True):
                    for user in users:
                        notify(recipient=user, event="bench.event", subject="压测", body="压测",
                               key=f"bench-notify-{user.pk}")
                elapsed = time.perf_counter() - started
                handed = Notification.objects.filter(recipient__in=users, relayed_at__isnull=False).count()
                raise _Rollback
        except _Rollback:
            pass
    return elapsed, handed


@contextmanager
def _nothing():
    yield


@contextmanager
def _frozen_redis():
    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


def _refused_redis():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def bench_request_notifying_100_people():
    import logging

    logging.getLogger("accounts.broker").setLevel(logging.ERROR)  # 100 warnings would bury the figures
    figures = {}
    up = os.environ.get("BENCH_BROKER_URL") or os.environ.get("REDIS_URL")
    if up:
        elapsed, handed = _request(up)
        figures["Redis up (s)"] = elapsed
        figures["Redis up: handed over"] = handed
        import redis

        redis.Redis.from_url(up).delete(BENCH_QUEUE)
    else:
        figures["Redis up"] = "not measured (set BENCH_BROKER_URL or REDIS_URL)"
    elapsed, handed = _request(_refused_redis())
    figures["Redis killed, refused (s)"] = elapsed
    figures["Redis killed: handed over"] = handed
    with _frozen_redis() as url:
        elapsed, handed = _request(url)
        figures["Redis frozen (s)"] = elapsed
        figures["Redis frozen: handed over"] = handed
        single, _ = _request(url, recipients=2, scoped=False)
        figures["Redis frozen, without the scope, per hand-off (s)"] = single / 2
        figures["Redis frozen, without the scope, 100 hand-offs (s, projected)"] = single / 2 * RECIPIENTS
    return figures
