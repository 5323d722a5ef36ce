"""Site review (现场评审, Art. 19(四)): a conflict-free team from the panel visits, scores and reports."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteVisit(models.Model):
    """One visit per shortlisted application; the team leader submits the site-review report."""

    application = models.OneToOneField("award.Application", on_delete=models.CASCADE, related_name="site_visit")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("组长"), on_delete=models.PROTECT,
                               related_name="+")
    scheduled_for = models.DateField(_("现场评审日期"))
    findings = models.TextField(_("主要发现"), blank=True)
    report = models.TextField(_("现场评审报告"), blank=True)
    report_submitted_at = models.DateTimeField(_("报告提交时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("现场评审")
        verbose_name_plural = _("现场评审")
        ordering = ["scheduled_for"]

    def __str__(self):
        return f"{self.application} @ {self.scheduled_for}"


class SiteTeamMember(models.Model):
    visit = models.ForeignKey(SiteVisit, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="site_memberships")

    class Meta:
        verbose_name = _("现场评审组成员")
        verbose_name_plural = _("现场评审组成员")
        constraints = [models.UniqueConstraint(fields=["visit", "expert"], name="site_member_unique")]
