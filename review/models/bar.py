"""Art. 27: a reviewer or agency disqualified (取消评审工作资格) for abusing its role, kept here so review itself
refuses them in every later cycle (supervision decides; review, the lower app, keeps the record it enforces).

Rows are written only by review.services.bars and never changed.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BarSubject(models.TextChoices):
    EXPERT = "expert", _("评审专家")
    AGENCY = "agency", _("第三方评审机构")


class ReviewerBar(models.Model):
    """Art. 27: barred from review work, keyed by the expert's account and ID number or the agency's credit code."""

    subject = models.CharField(_("对象类型"), max_length=10, choices=BarSubject.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评审专家"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="reviewer_bars")
    id_number = models.CharField(_("居民身份证号码"), max_length=18, blank=True, db_index=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    name = models.CharField(_("名称"), max_length=200)
    cycle = models.ForeignKey("award.Cycle", verbose_name=_("作出决定的届次"), on_delete=models.PROTECT,
                              related_name="reviewer_bars")
    reason = models.TextField(_("决定理由"))
    decided_at = models.DateTimeField(_("决定时间"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    effects = models.JSONField(_("处理结果记录"), default=dict, blank=True)

    class Meta:
        verbose_name = _("取消评审资格记录")
        verbose_name_plural = _("取消评审资格记录")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(subject="expert", user__isnull=False)
                           | (models.Q(subject="agency") & ~models.Q(credit_code=""))),
                name="reviewer_bar_keyed",
            )
        ]

    def __str__(self):
        return f"{self.get_subject_display()} {self.name}"
