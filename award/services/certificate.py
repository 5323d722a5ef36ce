"""Certificates (荣誉证书, Art. 19(八)): render once, fingerprint, tell the winner once (SPEC §10, §11)."""
import hashlib
import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audit_record
from accounts.notifications import notify
from accounts.outbox import Outbox, outbox_queue, outbox_register
from accounts.workflows import transition

from .. import certificates, emails
from ..models import Certificate, CertificateState
from ..public_cache import awards_changed
from ..workflows import CERTIFICATE_WORKFLOW

logger = logging.getLogger(__name__)

# A certificate to render is an outbox row (accounts/outbox.py): written with its award, handed to the render task
# (queued by name: award.tasks imports this module) after the commit, relayed while it is not rendered. A row never
# handed over is relayed at the next beat: rendering twice is harmless (certificate_render is idempotent).
CERTIFICATES = outbox_register(Outbox(
    name="certificates", model=Certificate, task="award.tasks.task_render_certificate",
    id_argument="certificate_id", label="证书", counted="{n} 张证书",
    undelivered=lambda rows: rows.exclude(state=CertificateState.RENDERED), min_age=timedelta(0),
))


def certificate_render(*, certificate) -> Certificate:
    """Render `certificate` to its PDF if it is not rendered yet, store it privately with its SHA-256, and tell
    the winner it can be downloaded. Idempotent: a second call (a retried or duplicated task) changes nothing and
    sends nothing. An error leaves the row pending with `last_error` and is raised for the task to retry."""
    if Certificate.objects.filter(pk=certificate.pk, state=CertificateState.RENDERED).exists():
        return Certificate.objects.get(pk=certificate.pk)
    try:
        pdf = certificates.certificate_pdf(certificate)
    except Exception as exc:
        Certificate.objects.filter(pk=certificate.pk).update(last_error=str(exc)[:500])
        raise
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().select_related("award", "award__application").get(
            pk=certificate.pk
        )
        if locked.state == CertificateState.RENDERED:
            return locked
        locked.pdf.save(f"{locked.number}.pdf", ContentFile(pdf), save=False)
        sha256 = hashlib.sha256(pdf).hexdigest()
        transition(
            CERTIFICATE_WORKFLOW, locked, CertificateState.RENDERED, by=None, locked=True,
            fields={"sha256": sha256, "rendered_at": timezone.now(), "last_error": ""},
            detail={"number": locked.number, "sha256": sha256},
        )
        awards_changed()
        award = locked.award
        notify(
            recipient=award.application.applicant, event="certificate.ready",
            key=f"certificate-ready:{locked.pk}",
            link=reverse("award:certificate_download", kwargs={"pk": locked.pk}),
            **emails.certificate_ready(certificate=locked),
        )
    return locked


def certificate_rerender(*, certificate, by):
    """Queue a certificate that failed or is still pending for rendering again (the office's button)."""
    if certificate.state == CertificateState.RENDERED:
        return certificate
    audit_record(action="certificate.rerender", actor=by, obj=certificate, cycle_id=certificate.award.cycle_id)
    outbox_queue(CERTIFICATES, pk=certificate.pk)  # the beat queues it again if the broker is down
    return certificate
