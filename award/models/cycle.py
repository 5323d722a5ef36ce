"""The cycle (届): its rules as data, its call, and its stage.

Every number the regulation sets is a field here with the 2018 regulation's value as the default, so a later
regulation runs on the same code. Only `award.services.cycle_advance` changes `stage`.
"""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CycleStage(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    OPEN = "open", _("申报中")
    QUALIFICATION = "qualification", _("资格审查")
    DOCUMENT_REVIEW = "document_review", _("资料评审")
    SITE_REVIEW = "site_review", _("现场评审")
    COMPREHENSIVE_REVIEW = "comprehensive_review", _("综合评审")
    PUBLIC_NOTICE = "public_notice", _("公示")
    APPROVAL = "approval", _("批准")
    AWARDED = "awarded", _("已奖励")
    CLOSED = "closed", _("已结束")


class Cycle(models.Model):
    number = models.PositiveIntegerField(_("届次"), unique=True)
    year = models.PositiveIntegerField(_("评审年度"))
    stage = models.CharField(_("阶段"), max_length=30, choices=CycleStage.choices, default=CycleStage.DRAFT)

    # The call (Art. 18)
    application_opens = models.DateField(_("申报开始日期"))
    application_closes = models.DateField(_("申报截止日期"))
    schedule = models.TextField(_("工作安排"), blank=True)
    media = models.CharField(_("发布媒体"), max_length=300, blank=True)
    call_text = models.TextField(_("申报通知正文"), blank=True)
    call_published_at = models.DateTimeField(_("申报通知发布时间"), null=True, blank=True)

    # Art. 6, 7: caps; places may stay vacant.
    organization_award_cap = models.PositiveIntegerField(_("组织奖名额上限"), default=5)
    individual_award_cap = models.PositiveIntegerField(_("个人奖名额上限"), default=3)
    nomination_award_cap = models.PositiveIntegerField(_("组织提名奖名额上限"), default=3)
    # Art. 6: validity, evaluation period, repeat rule; Art. 24: ban after revocation.
    validity_years = models.PositiveIntegerField(_("奖项有效期(年)"), default=5)
    evaluation_years = models.PositiveIntegerField(_("评价期(申报前年数)"), default=3)
    ban_years = models.PositiveIntegerField(_("撤销后禁止申报年数"), default=5)
    # Art. 15(一), 17(二)
    min_operating_years = models.PositiveIntegerField(_("组织注册运行最少年数"), default=5)
    min_quality_work_years = models.PositiveIntegerField(_("个人从事质量工作最少年数"), default=5)
    # Art. 20: the document-review bar as a share of the scale.
    pass_ratio = models.DecimalField(
        _("进入现场评审的得分比例"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.550"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    organization_standard = models.ForeignKey(
        "award.ScoringStandard",
        verbose_name=_("组织奖评审标准"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    individual_standard = models.ForeignKey(
        "award.ScoringStandard",
        verbose_name=_("个人奖评审标准"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # SPEC §7
    experts_per_application = models.PositiveIntegerField(_("每份申报的评审专家人数"), default=3)
    use_trimmed_mean = models.BooleanField(_("专家≥5人时去掉最高分和最低分"), default=False)
    spread_threshold_ratio = models.DecimalField(
        _("专家分差触发共识评分的比例"), max_digits=4, decimal_places=3, default=Decimal("0.150")
    )
    conflict_lookback_years = models.PositiveIntegerField(_("任职回避年限"), default=3)
    # SPEC §7, §8: the experts' deadlines, the site team's minimum size and whether experts may bid.
    document_scoring_deadline = models.DateField(_("资料评审评分截止日期"), null=True, blank=True)
    site_scoring_deadline = models.DateField(_("现场评审评分截止日期"), null=True, blank=True)
    # Art. 19(四) names no team size; two experts (the leader and one member) let one verify the other.
    site_team_min_size = models.PositiveIntegerField(
        _("现场评审组最少人数"), default=2, validators=[MinValueValidator(1)],
        help_text=_("含组长;组员须来自本产业专项评审组且与申报方无利害关系。"))
    bids_enabled = models.BooleanField(_("分配前专家可表达评审意愿"), default=False)
    # SPEC §9: public notice
    notice_working_days = models.PositiveIntegerField(_("公示期(工作日)"), default=5)
    # Art. 4
    organization_prize_yuan = models.PositiveIntegerField(_("组织奖奖金(元)"), default=300_000)
    # Comprehensive-review weights, shown on the ranking page.
    weight_document = models.DecimalField(_("资料评审权重"), max_digits=4, decimal_places=2, default=Decimal("0.40"))
    weight_site = models.DecimalField(_("现场评审权重"), max_digits=4, decimal_places=2, default=Decimal("0.40"))
    weight_satisfaction = models.DecimalField(
        _("满意度权重"), max_digits=4, decimal_places=2, default=Decimal("0.20")
    )

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("届次")
        verbose_name_plural = _("届次")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application_closes__gte=models.F("application_opens")),
                name="cycle_window_ordered",
            )
        ]

    def __str__(self):
        return _("第%(number)s届滨州市市长质量奖") % {"number": self.number}

    @property
    def is_call_published(self):
        return self.call_published_at is not None

    def standard_for(self, kind):
        return self.organization_standard if kind == "organization" else self.individual_standard

    def pass_mark_for(self, kind):
        """Art. 20: the minimum document-review result, exact (550 of 1000, 165 of 300 by default)."""
        return self.standard_for(kind).total_points * self.pass_ratio


class WindowChange(models.Model):
    """A move of the application window after the call was published (Art. 18): announced on the public call page
    with its date and reason, like the call itself. Written only by `award.services.cycle_change_window`."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="window_changes")
    changed_at = models.DateTimeField(_("调整时间"), auto_now_add=True)
    opens_before = models.DateField(_("原申报开始日期"))
    closes_before = models.DateField(_("原申报截止日期"))
    opens = models.DateField(_("新申报开始日期"))
    closes = models.DateField(_("新申报截止日期"))
    reason = models.TextField(_("调整理由"))
    submissions_after_close = models.PositiveIntegerField(_("新截止日期之后已提交的申报数"), default=0)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["cycle", "changed_at", "pk"]
        verbose_name = _("申报时间调整")
        verbose_name_plural = _("申报时间调整")

    def __str__(self):
        return f"{self.cycle} {self.opens_before}–{self.closes_before} → {self.opens}–{self.closes}"
