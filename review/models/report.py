"""Rendered PDF reports, kept so a download never waits for WeasyPrint twice (Art. 10(三), 19(三)(四)).

A report is about one application (document, site and satisfaction reports) or about a whole cycle (the
cycle's document-review report); `cycle` is always set, `application` only for the former.
"""
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from award.storage import private_storage


def report_path(instance, filename):
    owner = instance.application_id or f"cycle-{instance.cycle_id}"
    return f"reports/{owner}/{uuid.uuid4().hex}.pdf"


class ReportFile(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("资料评审报告")
        CYCLE_DOCUMENT = "cycle_document", _("资料评审汇总报告")
        SITE = "site", _("现场评审报告")
        SATISFACTION = "satisfaction", _("社会满意度测评报告")

        @classmethod
        def for_cycle(cls):
            return (cls.CYCLE_DOCUMENT,)

    cycle = models.ForeignKey("award.Cycle", on_delete=models.CASCADE, related_name="review_reports")
    application = models.ForeignKey("award.Application", null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="review_reports")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    file = models.FileField(upload_to=report_path, storage=private_storage, max_length=300)
    source_stamp = models.CharField(max_length=64, help_text="hash of what the report was rendered from")
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评审报告")
        verbose_name_plural = _("评审报告")
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], condition=models.Q(application__isnull=False),
                                    name="one_report_per_kind"),
            models.UniqueConstraint(fields=["cycle", "kind"], condition=models.Q(application__isnull=True),
                                    name="one_cycle_report_per_kind"),
        ]
