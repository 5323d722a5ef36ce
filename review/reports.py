"""Art. 10(三), 19(三): the document-review report of an application as a PDF, rendered with WeasyPrint.

`report_render` is idempotent: the report is re-rendered only when what it is made from changed (a stamp over
the result and the submitted scorecards). The Celery task `task_render_document_report` only delegates here.
"""
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from award.pdf import render_pdf

from .models import ReportFile, Scorecard, ScorecardState, ScoreLayer
from .selectors import feedback_for


def report_stamp(application) -> str:
    result = getattr(application, "document_result", None)
    cards = Scorecard.objects.filter(application=application, layer=ScoreLayer.DOCUMENT,
                                     state=ScorecardState.SUBMITTED).order_by("id")
    parts = [application.applicant_name, str(result.result if result else None),
             str(result.computed_at if result else None)]
    parts += [f"{c.pk}:{c.total}:{c.updated_at.isoformat()}" for c in cards]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def document_report_pdf(*, application) -> bytes:
    context = feedback_for(application=application)
    context["generated_at"] = timezone.localtime()
    return render_pdf(template_name="pdf/review/document_report.html", context=context)


def report_render(*, application) -> ReportFile:
    """Render (or keep) the application's document-review report; returns the stored report."""
    stamp = report_stamp(application)
    existing = ReportFile.objects.filter(application=application, kind=ReportFile.Kind.DOCUMENT).first()
    if existing and existing.source_stamp == stamp and existing.file:
        return existing
    pdf = document_report_pdf(application=application)
    with transaction.atomic():
        report, _created = ReportFile.objects.select_for_update().get_or_create(
            application=application, kind=ReportFile.Kind.DOCUMENT, defaults={"source_stamp": stamp})
        old = report.file.name if report.file else None
        report.file.save(f"{application.pk}.pdf", ContentFile(pdf), save=False)
        report.source_stamp = stamp
        report.save()
    if old and old != report.file.name:
        report.file.storage.delete(old)
    return report


def report_get_or_render(*, application):
    """The current report, rendering it through the task; None while a worker is still rendering it."""
    from .tasks import task_render_document_report

    existing = ReportFile.objects.filter(application=application, kind=ReportFile.Kind.DOCUMENT).first()
    if existing and existing.source_stamp == report_stamp(application):
        return existing
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task_render_document_report.apply(kwargs={"application_id": application.pk})
        return ReportFile.objects.filter(application=application, kind=ReportFile.Kind.DOCUMENT).first()
    transaction.on_commit(lambda: task_render_document_report.delay(application_id=application.pk), robust=True)
    return None
