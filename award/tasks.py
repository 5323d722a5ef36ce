"""Celery tasks of the award app: thin, keyed by id, idempotent (STYLE §7)."""
from celery import shared_task

from .models import Certificate, Dossier
from .reminders import deadline_reminders_send
from .services.certificate import certificate_render
from .services.dossier import dossier_render

# Transient errors worth another try: a full disk or a busy file system while writing the PDF.
TRANSIENT_ERRORS = (OSError,)


@shared_task(
    bind=True,
    name="award.tasks.task_render_certificate",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def task_render_certificate(self, *, certificate_id):
    """Render one certificate's PDF (Art. 19(八)); quietly nothing when the row is gone or already rendered."""
    certificate = Certificate.objects.select_related("award", "award__cycle").filter(pk=certificate_id).first()
    if certificate is None:
        return None
    return certificate_render(certificate=certificate).number


@shared_task(
    bind=True,
    name="award.tasks.task_render_dossier",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def task_render_dossier(self, *, dossier_id):
    """Render one application's dossier (申报书) PDF; quietly nothing when the row is gone or already rendered."""
    dossier = Dossier.objects.select_related("application").filter(pk=dossier_id).first()
    if dossier is None:
        return None
    return dossier_render(dossier=dossier).fingerprint


@shared_task(name="award.tasks.task_send_deadline_reminders")
def task_send_deadline_reminders():
    """Celery beat, every few hours: the applicants' and recommenders' deadline reminders (award/reminders.py);
    repeated runs send nothing twice."""
    return deadline_reminders_send()
