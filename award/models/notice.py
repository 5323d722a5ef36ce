"""Public notices (公示): the qualified list, the proposed award list, revocation announcements.

The window is counted in working days by the PRC calendar (award.workdays); the end date is stored at
publication so it is shown and enforced the same everywhere.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .application import Application
from .cycle import Cycle


class NoticeKind(models.TextChoices):
    QUALIFICATION = "qualification", _("资格审查合格名单公示")
    PROPOSED_AWARDS = "proposed_awards", _("拟奖励名单公示")
    REVOCATION = "revocation", _("撤销奖项公告")


class Notice(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(_("类型"), max_length=20, choices=NoticeKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    starts_on = models.DateField(_("公示开始日期"))
    working_days = models.PositiveIntegerField(_("公示期(工作日)"))
    ends_on = models.DateField(_("公示截止日期"))
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title


class NoticeEntry(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="notice_entries")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(_("名单项"), max_length=200)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["notice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "application"], name="one_entry_per_application_per_notice")
        ]
