"""Reviewer misconduct (Art. 26, 27): a supervisor proposes, the office decides; a disqualified expert or agency
loses its assignments and scores and is barred from later cycles. The bar is review's ReviewerBar (review enforces
it and cannot import supervision); the case keeps what was done in `effects`.

Only supervision.services.misconduct changes `state`.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MisconductSubject(models.TextChoices):
    EXPERT = "expert", _("评审专家")
    AGENCY = "agency", _("第三方评审机构")


class MisconductState(models.TextChoices):
    PROPOSED = "proposed", _("监督小组已提请")
    DISQUALIFIED = "disqualified", _("已取消评审工作资格")
    REJECTED = "rejected", _("不予认定")


class MisconductCase(models.Model):
    cycle = models.ForeignKey("award.Cycle", verbose_name=_("届次"), on_delete=models.PROTECT,
                              related_name="misconduct_cases")
    subject = models.CharField(_("对象类型"), max_length=10, choices=MisconductSubject.choices)
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评审专家"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="misconduct_cases")
    agency = models.ForeignKey("review.Agency", verbose_name=_("第三方评审机构"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="misconduct_cases")
    complaint = models.ForeignKey("supervision.Complaint", verbose_name=_("来源投诉举报"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="misconduct_cases")
    facts = models.TextField(_("事实和依据(滥用职权、玩忽职守、徇私舞弊、泄露秘密等)"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(_("状态"), max_length=20, choices=MisconductState.choices,
                             default=MisconductState.PROPOSED, db_index=True)
    decision_reasons = models.TextField(_("决定理由"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    effects = models.JSONField(_("处理结果记录"), default=dict, blank=True)

    class Meta:
        verbose_name = _("评审违规处理")
        verbose_name_plural = _("评审违规处理")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(subject="expert", expert__isnull=False, agency__isnull=True)
                           | models.Q(subject="agency", agency__isnull=False, expert__isnull=True)),
                name="misconduct_subject_matches",
            )
        ]

    def __str__(self):
        return f"{self.get_subject_display()} {self.expert or self.agency}"

    @property
    def subject_name(self):
        return str(self.expert or self.agency)

