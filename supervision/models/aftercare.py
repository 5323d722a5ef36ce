"""After the award: the winners' yearly prize-fund report (Art. 21) and the office's periodic visits (Art. 22).

Only supervision.services.aftercare changes `state`.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PrizeFundReportState(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("审核通过")
    RETURNED = "returned", _("退回修改")


class PrizeFundReport(models.Model):
    """Art. 21: what the prize went to in one year — only the uses the regulation names, never other purposes."""

    award = models.ForeignKey("award.Award", on_delete=models.PROTECT, related_name="fund_reports")
    year = models.PositiveIntegerField(_("报告年度"))
    improvement_yuan = models.PositiveIntegerField(_("质量持续改进(元)"), default=0)
    standards_yuan = models.PositiveIntegerField(_("标准制定(元)"), default=0)
    breakthroughs_yuan = models.PositiveIntegerField(_("质量攻关(元)"), default=0)
    training_yuan = models.PositiveIntegerField(_("人员培训(元)"), default=0)
    laboratories_yuan = models.PositiveIntegerField(_("质量科研机构和实验室投入(元)"), default=0)
    narrative = models.TextField(_("使用情况说明"))
    state = models.CharField(_("状态"), max_length=20, choices=PrizeFundReportState.choices,
                             default=PrizeFundReportState.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    USE_FIELDS = ("improvement_yuan", "standards_yuan", "breakthroughs_yuan", "training_yuan", "laboratories_yuan")

    class Meta:
        verbose_name = _("奖金使用报告")
        verbose_name_plural = _("奖金使用报告")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["award", "year"], name="one_fund_report_per_year")]

    @property
    def total_yuan(self):
        return sum(getattr(self, f) for f in self.USE_FIELDS)


class VisitState(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    DONE = "done", _("已巡访")
    CANCELLED = "cancelled", _("已取消")


class Visit(models.Model):
    """Art. 22: a periodic visit to a winner during its validity; a reminder goes out `remind_days_before`."""

    award = models.ForeignKey("award.Award", on_delete=models.PROTECT, related_name="visits")
    scheduled_for = models.DateField(_("巡访日期"))
    purpose = models.CharField(_("巡访重点"), max_length=300)
    visitors = models.CharField(_("巡访人员"), max_length=300, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(_("提前提醒天数"), default=7)
    state = models.CharField(_("状态"), max_length=20, choices=VisitState.choices, default=VisitState.SCHEDULED,
                             db_index=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    findings = models.TextField(_("巡访发现"), blank=True)
    follow_up = models.TextField(_("整改要求及跟踪"), blank=True)
    concerns = models.BooleanField(_("发现可能的撤销情形(第二十四条)"), default=False)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("定期巡访")
        verbose_name_plural = _("定期巡访")
        ordering = ["scheduled_for", "id"]

    def __str__(self):
        return f"{self.award.recipient_name} {self.scheduled_for}"
