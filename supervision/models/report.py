"""What the supervision group writes: opinions on the process and reports to the leading group (Art. 11)."""
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from award.storage import private_storage


class SupervisionOpinion(models.Model):
    """监督意见: a supervisor's note on the cycle's process or on one application (Art. 11(一))."""

    cycle = models.ForeignKey("award.Cycle", on_delete=models.PROTECT, related_name="supervision_opinions")
    application = models.ForeignKey("award.Application", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="supervision_opinions", verbose_name=_("涉及申报"))
    text = models.TextField(_("监督意见"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("监督意见")
        verbose_name_plural = _("监督意见")
        ordering = ["-written_at", "-id"]


def report_path(instance, filename):
    return f"supervision-reports/{instance.cycle_id}/{uuid.uuid4().hex}.pdf"


class SupervisionReport(models.Model):
    """Art. 11(二)(三): the group's report to the leading group on the supervision and on complaint outcomes,
    frozen as a PDF when submitted."""

    cycle = models.ForeignKey("award.Cycle", on_delete=models.PROTECT, related_name="supervision_reports")
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("监督情况"))
    recommendations = models.TextField(_("对规范评审监督工作的建议"), blank=True)
    complaints = models.ManyToManyField("supervision.Complaint", blank=True, related_name="reports",
                                        verbose_name=_("报告的投诉举报"))
    file = models.FileField(upload_to=report_path, storage=private_storage, max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    read_by_leading_group_at = models.DateTimeField(_("领导小组阅知时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("监督情况报告")
        verbose_name_plural = _("监督情况报告")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return self.title
