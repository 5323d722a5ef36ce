"""Conflicts of interest (回避, Art. 12): who must stay away from which application, from where we know, and why."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConflictSource(models.TextChoices):
    DECLARED = "declared", _("专家申报")
    APPLICANT = "applicant", _("申报方申请回避")
    OFFICE = "office", _("办公室认定")
    DETECTED = "detected", _("系统比对发现")


class ConflictType(models.TextChoices):
    EMPLOYER = "employer", _("现工作单位")
    PAST_EMPLOYER = "past_employer", _("近年曾任职单位")
    CONSULTING = "consulting", _("曾提供咨询或培训服务")
    INDIVIDUAL_EMPLOYER = "individual_employer", _("个人申报者的工作单位")
    AVOID_LIST = "avoid_list", _("申报方回避名单")
    SHAREHOLDING = "shareholding", _("持股或经济利益")
    KINSHIP = "kinship", _("亲属关系")
    OTHER = "other", _("其他利害关系")


class Conflict(models.Model):
    """One known conflict between an expert and an application. `voided_scores` records that it was found after
    scoring and voided that expert's work on the application (Art. 12)."""

    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_conflicts")
    application = models.ForeignKey("award.Application", on_delete=models.CASCADE, related_name="review_conflicts")
    source = models.CharField(_("来源"), max_length=20, choices=ConflictSource.choices)
    type = models.CharField(_("类型"), max_length=30, choices=ConflictType.choices)
    reason = models.CharField(_("理由"), max_length=300)
    # The credit code or ID number the rule matched, for the conflict matrix (blank for declared ones).
    matched_code = models.CharField(_("比对代码"), max_length=18, blank=True)
    found_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    voided_scores = models.BooleanField(_("已作废其评分"), default=False)

    class Meta:
        verbose_name = _("利害关系")
        verbose_name_plural = _("利害关系")
        ordering = ["-found_at"]
        constraints = [
            models.UniqueConstraint(fields=["expert", "application", "source", "type"], name="conflict_unique")
        ]

    def __str__(self):
        return f"{self.expert} × {self.application}: {self.reason}"
