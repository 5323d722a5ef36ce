"""The printable dossier (申报书, issue 10 point 7): a frozen snapshot of what was submitted, its fingerprint and
the PDF rendered from it by a Celery task.

One row per submission: a resubmission after a correction (Art. 19(二)) is a new snapshot with a new fingerprint;
the older rows stay, so a stamped paper copy of an earlier submission is still recognised as superseded.
"""
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage
from .application import Application, ApplicationState

# The submitted data is locked in these states, so a dossier stands for it. Draft, returned-for-correction and
# declined applications can still change (a dossier follows their next submission); a withdrawn one is gone.
DOSSIER_EXCLUDED_STATES = (
    ApplicationState.DRAFT, ApplicationState.RETURNED, ApplicationState.DECLINED, ApplicationState.WITHDRAWN,
)


def has_dossier(application) -> bool:
    """Whether `application` has submitted data that a dossier stands for."""
    return application.submitted_at is not None and application.state not in DOSSIER_EXCLUDED_STATES


class DossierState(models.TextChoices):
    PENDING = "pending", _("生成中")
    RENDERED = "rendered", _("已生成")


def dossier_path(instance, filename):
    return f"dossiers/{instance.application.cycle_id}/{uuid.uuid4().hex}.pdf"


class Dossier(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="dossiers")
    # The canonical serialisation's input (award/dossier.py): profile, figures, self-assessment, evidence hashes
    # and submission time as they were submitted; the PDF is rendered from it, never from the live rows.
    payload = models.JSONField(_("提交数据快照"))
    fingerprint = models.CharField(_("数据指纹(SHA-256)"), max_length=64, db_index=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    layout_version = models.PositiveSmallIntegerField(_("版式版本"))
    state = models.CharField(_("状态"), max_length=10, choices=DossierState.choices, default=DossierState.PENDING)
    pdf = models.FileField(upload_to=dossier_path, storage=private_storage, max_length=300, blank=True)
    sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    last_error = models.TextField(blank=True)
    # The row is also its rendering's outbox row (accounts/outbox.py).
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    relayed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("申报书")
        verbose_name_plural = _("申报书")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "fingerprint"], name="one_dossier_per_submission"),
        ]

    def __str__(self):
        return f"{self.application.reference} · {self.fingerprint[:12]}"
