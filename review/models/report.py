"""Rendered PDF reports, kept so a download never waits for WeasyPrint twice (Art. 10(三), 19(三)(四))."""
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from award.storage import private_storage


def report_path(instance, filename):
    return f"reports/{instance.application_id}/{uuid.uuid4().hex}.pdf"


class ReportFile(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("资料评审报告")

    application = models.ForeignKey("award.Application", on_delete=models.CASCADE, related_name="review_reports")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    file = models.FileField(upload_to=report_path, storage=private_storage, max_length=300)
    source_stamp = models.CharField(max_length=64, help_text="hash of what the report was rendered from")
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评审报告")
        verbose_name_plural = _("评审报告")
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="one_report_per_kind")]
