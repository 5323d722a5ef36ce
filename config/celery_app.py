"""Celery application. With no REDIS_URL the tasks run eagerly in-process (the demo's embedded default)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("award")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
