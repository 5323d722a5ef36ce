"""Celery tasks of the review app: thin, keyed by id, idempotent (STYLE §7)."""
from celery import shared_task

from accounts.notifications import SEND_ERRORS
from award.models import Application, Cycle

from .models import ReportFile
from .reminders import scoring_deadline_reminders_send
from .reports import report_render
from .services.survey import survey_invitation_send


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def task_render_report(self, *, kind, application_id=None, cycle_id=None):
    """Render one review report (ReportFile.Kind) of an application, or of a cycle for a cycle kind; quietly
    nothing when the row is gone. Re-running it renders nothing new unless the report's sources changed."""
    if kind in ReportFile.Kind.for_cycle():
        cycle = Cycle.objects.filter(pk=cycle_id).first()
        return report_render(cycle=cycle, kind=kind).pk if cycle else None
    application = Application.objects.filter(pk=application_id).select_related("cycle").first()
    if application is None:
        return None
    return report_render(application=application, kind=kind).pk


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def task_render_document_report(self, *, application_id):
    """Render the application's document-review PDF (kept for tasks queued before `task_render_report`)."""
    return task_render_report.run(kind="document", application_id=application_id)


@shared_task(bind=True, autoretry_for=SEND_ERRORS, retry_backoff=True, retry_jitter=True, max_retries=5)
def task_send_survey_invitation(self, *, respondent_id):
    """Mail one respondent their survey link; nothing if the row is gone or the e-mail already went."""
    return survey_invitation_send(respondent_id=respondent_id)


@shared_task(name="review.tasks.task_scoring_deadline_reminders")
def task_scoring_deadline_reminders():
    """Celery beat, every few hours: the experts' scoring deadline reminders; repeated runs send nothing twice."""
    return scoring_deadline_reminders_send()
