"""Celery application. With no REDIS_URL the tasks run eagerly in-process (the demo's embedded default)."""
import logging
import os
import time

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("award")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _warm_up_pdf_rendering(**kwargs):
    """Each worker child loads WeasyPrint and the CJK fonts before its first certificate (award/pdf.py)."""
    from award.pdf import pdf_warm_up  # noqa: PLC0415 — this module loads before Django's app registry

    logger = logging.getLogger("award.pdf")
    started = time.perf_counter()
    try:
        pdf_warm_up()
    except Exception:  # a child without fonts still sends e-mails; its first certificate will say what fails
        logger.warning("PDF rendering could not be warmed up", exc_info=True)
    else:
        logger.info("PDF rendering warmed up in %.2f s", time.perf_counter() - started)
