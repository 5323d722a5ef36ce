"""Celery tasks of the review app: thin, keyed by id, idempotent (STYLE §7)."""
from celery import shared_task

from award.models import Application


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def task_render_document_report(self, *, application_id):
    """Render the application's document-review PDF; quietly nothing when the application is gone."""
    from .reports import report_render

    application = Application.objects.filter(pk=application_id).select_related("cycle").first()
    if application is None:
        return None
    return report_render(application=application).pk
