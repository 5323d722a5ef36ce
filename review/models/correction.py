"""A correction of review results after they were frozen (issue 8; Art. 19(三)(四), 20, 24).

Once the office confirms the shortlist, the document-review scores, assignments and results of an application are
frozen; once comprehensive review starts, its site scores and satisfaction index are too. Only a correction opened
by the office, with its reason and the article it rests on, lets the agency send scores back or change an
assignment of that one application; applying it recomputes the result and brings the application's state, its
feedback and its reports into agreement in one transaction, with the figures before and after kept here.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CorrectionLayer(models.TextChoices):
    DOCUMENT = "document", _("资料评审")
    SITE = "site", _("现场评审与满意度测评")


class CorrectionState(models.TextChoices):
    OPEN = "open", _("更正中")
    APPLIED = "applied", _("已更正")
    CANCELLED = "cancelled", _("已撤销")


class Correction(models.Model):
    cycle = models.ForeignKey("award.Cycle", on_delete=models.PROTECT, related_name="review_corrections")
    application = models.ForeignKey("award.Application", on_delete=models.PROTECT, related_name="review_corrections")
    layer = models.CharField(_("更正范围"), max_length=10, choices=CorrectionLayer.choices)
    reason = models.TextField(_("更正理由"))
    article = models.CharField(_("依据条款"), max_length=100)
    state = models.CharField(_("状态"), max_length=10, choices=CorrectionState.choices, default=CorrectionState.OPEN)
    before = models.JSONField(_("更正前"), default=dict)
    after = models.JSONField(_("更正后"), default=dict, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("启动时间"), auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    closing_note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("评审结果更正")
        verbose_name_plural = _("评审结果更正")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "layer"], condition=models.Q(state="open"),
                                    name="one_open_correction_per_layer"),
        ]

    def __str__(self):
        return f"{self.application} · {self.get_layer_display()} · {self.get_state_display()}"
