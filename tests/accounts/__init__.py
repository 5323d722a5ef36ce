"""Tests of the accounts app; `celery_broker` is shared by the notification and worker tests."""
from contextlib import contextmanager

from config.celery_app import app as celery_app


@contextmanager
def celery_broker(url):
    """Send tasks to a real broker at `url` instead of running them in-process, then restore."""
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)

    def forget_connections():
        # What Celery does after a fork: the next send opens a connection to the configured broker.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    forget_connections()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = url, False
    try:
        yield
    finally:
        forget_connections()
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
