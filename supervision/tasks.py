"""Celery tasks of supervision: thin, keyed by id, idempotent (STYLE §7)."""
from celery import shared_task

from .services.aftercare import visit_remind, visits_due_for_reminder


@shared_task
def task_visit_reminders():
    """Art. 22, daily (CELERY_BEAT_SCHEDULE): queue one reminder task per visit inside its reminder window."""
    ids = visits_due_for_reminder()
    for visit_id in ids:
        task_visit_remind.delay(visit_id=visit_id)
    return len(ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_visit_remind(*, visit_id):
    """Send one visit's reminder; a second run, or a visit gone or done, changes nothing."""
    return visit_remind(visit_id=visit_id)
