"""Assignments, scorecards and their items, the consensus round and the document-review result (Art. 19(三), 20).

States change only through review.services; the docstrings of the services say why.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PERCENT_STEPS = tuple(range(0, 101, 5))


class AssignmentState(models.TextChoices):
    PROPOSED = "proposed", _("拟分配")
    ACTIVE = "active", _("评审中")
    DECLINED = "declined", _("已谢绝")
    VOID = "void", _("已作废")


class Assignment(models.Model):
    """An expert asked to score one application's documents."""

    application = models.ForeignKey("award.Application", on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    state = models.CharField(
        _("状态"), max_length=20, choices=AssignmentState.choices, default=AssignmentState.PROPOSED, db_index=True
    )
    decline_reason = models.CharField(_("谢绝理由"), max_length=300, blank=True)
    void_reason = models.CharField(_("作废理由"), max_length=300, blank=True)
    # Why the proposal picked this expert (keywords matched, bid, load), or who added them by hand.
    reason = models.CharField(_("分配理由"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
        ordering = ["application_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="one_assignment_per_expert")
        ]

    def __str__(self):
        return f"{self.application} → {self.expert}"

    @property
    def is_live(self):
        return self.state in (AssignmentState.PROPOSED, AssignmentState.ACTIVE)


class BidPreference(models.TextChoices):
    """How much an expert would like to review an application of their panel (before assignment)."""

    EAGER = "eager", _("非常愿意")
    WILLING = "willing", _("愿意")
    RELUCTANT = "reluctant", _("不太愿意")


class Bid(models.Model):
    """An expert's preference on one application of their panel (SPEC §7); never overrides a conflict (Art. 12)."""

    application = models.ForeignKey("award.Application", on_delete=models.CASCADE, related_name="bids")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bids")
    preference = models.CharField(_("意愿"), max_length=20, choices=BidPreference.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评审意愿")
        verbose_name_plural = _("评审意愿")
        constraints = [models.UniqueConstraint(fields=["application", "expert"], name="one_bid_per_expert")]


class ScoreLayer(models.TextChoices):
    DOCUMENT = "document", _("资料评审")
    SITE = "site", _("现场评审")


class ScorecardState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    VOID = "void", _("已作废")


class Scorecard(models.Model):
    """One expert's scores on one application, in one layer (document review or the site team's verified score)."""

    layer = models.CharField(_("评审环节"), max_length=10, choices=ScoreLayer.choices, default=ScoreLayer.DOCUMENT)
    application = models.ForeignKey("award.Application", on_delete=models.CASCADE, related_name="scorecards")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards")
    assignment = models.OneToOneField(
        Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="scorecard"
    )
    site_visit = models.ForeignKey(
        "review.SiteVisit", null=True, blank=True, on_delete=models.CASCADE, related_name="scorecards"
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=ScorecardState.choices, default=ScorecardState.DRAFT, db_index=True
    )
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=2, default=0)
    findings = models.TextField(_("现场评审发现"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reopen_reason = models.CharField(_("退回修改理由"), max_length=300, blank=True)
    void_reason = models.CharField(_("作废理由"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        constraints = [
            models.UniqueConstraint(fields=["application", "expert", "layer"], name="one_scorecard_per_layer")
        ]

    def __str__(self):
        return f"{self.get_layer_display()} {self.application} {self.expert}"


class ItemScore(models.Model):
    """Art. 20 scale: an item scored as a percentage in 5 % steps; points = item maximum × percentage."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey("award.StandardItem", on_delete=models.PROTECT, related_name="+")
    percentage = models.PositiveSmallIntegerField(_("得分比例(%)"))
    points = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("条款得分")
        verbose_name_plural = _("条款得分")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "item"], name="one_score_per_item"),
            models.CheckConstraint(condition=models.Q(percentage__in=PERCENT_STEPS), name="percentage_5_steps"),
        ]


class CategoryComment(models.Model):
    """优势 and 改进机会 per category; shown to the applicant without the writer's name (Art. 19(三))."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="comments")
    category = models.ForeignKey("award.StandardCategory", on_delete=models.PROTECT, related_name="+")
    strengths = models.TextField(_("优势"), blank=True)
    improvements = models.TextField(_("改进机会"), blank=True)

    class Meta:
        verbose_name = _("类目评语")
        verbose_name_plural = _("类目评语")
        constraints = [models.UniqueConstraint(fields=["scorecard", "category"], name="one_comment_per_category")]


class ConsensusScore(models.Model):
    """The panel leader's consensus score for one item after a large spread, with its reason."""

    application = models.ForeignKey("award.Application", on_delete=models.CASCADE, related_name="consensus_scores")
    item = models.ForeignKey("award.StandardItem", on_delete=models.PROTECT, related_name="+")
    percentage = models.PositiveSmallIntegerField(_("共识得分比例(%)"))
    points = models.DecimalField(_("共识得分"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("理由"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("共识评分")
        verbose_name_plural = _("共识评分")
        constraints = [
            models.UniqueConstraint(fields=["application", "item"], name="one_consensus_per_item"),
            models.CheckConstraint(condition=models.Q(percentage__in=PERCENT_STEPS), name="consensus_5_steps"),
        ]


class DocumentResult(models.Model):
    """The computed document-review result of an application (Art. 20), rewritten whenever a score changes."""

    application = models.OneToOneField(
        "award.Application", on_delete=models.CASCADE, related_name="document_result"
    )
    expert_count = models.PositiveIntegerField(_("有效评分专家数"), default=0)
    mean = models.DecimalField(_("专家平均分"), max_digits=7, decimal_places=2, null=True, blank=True)
    trimmed = models.BooleanField(_("去掉最高最低分"), default=False)
    spread = models.DecimalField(_("分差"), max_digits=7, decimal_places=2, null=True, blank=True)
    spread_flagged = models.BooleanField(_("分差过大需共识评分"), default=False)
    consensus_total = models.DecimalField(_("共识总分"), max_digits=7, decimal_places=2, null=True, blank=True)
    result = models.DecimalField(_("资料评审结果"), max_digits=7, decimal_places=2, null=True, blank=True)
    pass_mark = models.DecimalField(_("进入现场评审分数线"), max_digits=7, decimal_places=2)
    passes = models.BooleanField(_("达到分数线"), default=False)
    computed_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(_("办公室确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    feedback_released_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    # A consensus round opened by the agency or the office whatever the spread (SPEC §7).
    consensus_requested_at = models.DateTimeField(_("发起共识评分时间"), null=True, blank=True)
    consensus_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consensus_requested_reason = models.CharField(_("发起共识评分理由"), max_length=300, blank=True)
    # The panel leader's consensus note; printed in the document-review report the applicant receives.
    consensus_note = models.TextField(_("共识意见"), blank=True)
    consensus_note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("资料评审结果")
        verbose_name_plural = _("资料评审结果")

    @property
    def consensus_open(self):
        """A consensus round is under way: flagged by the spread or opened by hand."""
        return self.spread_flagged or self.consensus_requested_at is not None

    @property
    def needs_consensus(self):
        return self.consensus_open and self.consensus_total is None


class DiscussionPost(models.Model):
    """One message of an application's discussion thread (panel, its leader and the agency; never the
    applicant). Append-only; every post is also written to the audit log."""

    application = models.ForeignKey("award.Application", on_delete=models.CASCADE, related_name="discussion")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评审讨论")
        verbose_name_plural = _("评审讨论")
        ordering = ["created_at", "id"]
