"""The application (申报) and what hangs off it: yearly figures, self-assessment, evidence, the applicant's
avoid-list, the recommender's endorsement, qualification review and returns for correction.

Only `award.services.application_transition` assigns `Application.state`.
"""
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import IndividualProfile, OrganizationProfile, Recommender, Sector

from ..storage import private_storage
from .cycle import Cycle
from .standard import StandardCategory


class ApplicationKind(models.TextChoices):
    ORGANIZATION = "organization", _("组织奖")
    INDIVIDUAL = "individual", _("个人奖")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待推荐单位推荐")
    DECLINED = "declined", _("推荐单位未予推荐")
    ENDORSED = "endorsed", _("待资格审查")
    RETURNED = "returned", _("退回补正")
    WITHDRAWN = "withdrawn", _("已撤回")
    QUALIFIED = "qualified", _("资格审查通过")
    NOT_QUALIFIED = "not_qualified", _("资格审查未通过")
    SITE_REVIEW = "site_review", _("进入现场评审")
    NOT_SHORTLISTED = "not_shortlisted", _("未进入现场评审")
    CANDIDATE = "candidate", _("候选")
    PROPOSED = "proposed", _("拟奖励")
    DISQUALIFIED = "disqualified", _("取消资格")
    AWARDED = "awarded", _("获奖")
    NOT_AWARDED = "not_awarded", _("未获奖")

    @classmethod
    def editable(cls):
        """The applicant may change the form only in these states."""
        return (cls.DRAFT, cls.RETURNED, cls.DECLINED)

    @classmethod
    def finished(cls):
        """States after which the applicant may apply again in a later cycle (subject to Art. 6 and 24)."""
        return (cls.WITHDRAWN, cls.NOT_QUALIFIED, cls.NOT_SHORTLISTED, cls.NOT_AWARDED, cls.DISQUALIFIED,
                cls.AWARDED)


class Application(models.Model):
    cycle = models.ForeignKey(Cycle, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="applications")
    kind = models.CharField(_("奖项"), max_length=20, choices=ApplicationKind.choices)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT, related_name="applications"
    )
    organization = models.ForeignKey(
        OrganizationProfile, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    individual = models.ForeignKey(
        IndividualProfile, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=ApplicationState.choices, default=ApplicationState.DRAFT, db_index=True
    )
    reference = models.CharField(_("申报编号"), max_length=30, unique=True, blank=True)
    # Snapshot at submission so later profile edits do not change what was reviewed.
    applicant_name = models.CharField(_("申报名称"), max_length=200)
    sector = models.CharField(_("所属产业"), max_length=20, choices=Sector.choices)
    recommender = models.ForeignKey(
        Recommender, verbose_name=_("推荐单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="applications",
    )
    summary = models.TextField(_("质量工作概述"), blank=True)
    achievement = models.TextField(
        _("主要质量成果"), blank=True, help_text=_("个人申报涉及质量科研、攻关成果的,只奖励成果第一位完成人。")
    )
    is_first_finisher = models.BooleanField(_("本人为成果第一完成人"), default=False)

    # Declarations a person signs (what data cannot check, Art. 15(四)(五), 17(一)(三)(四)(五)).
    declares_truthful = models.BooleanField(_("承诺所填内容及材料真实、准确、完整"), default=False)
    declares_no_major_accident = models.BooleanField(
        _("近3年内无重大质量、安全、环境污染、公共卫生等事故"), default=False
    )
    declares_no_violations = models.BooleanField(
        _("无突出投诉问题、无违反财经纪律及其他法律法规行为(个人:无不良记录)"), default=False
    )
    signed_name = models.CharField(_("签署人"), max_length=50, blank=True)
    signed_at = models.DateTimeField(_("签署时间"), null=True, blank=True)

    eligibility_snapshot = models.JSONField(_("提交时资格核验结果"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Written by review (the higher layer) so award can rank without importing it (STYLE §4).
    document_score = models.DecimalField(_("资料评审得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    site_score = models.DecimalField(_("现场评审得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    satisfaction_index = models.DecimalField(
        _("社会满意度指数"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "applicant"],
                condition=~models.Q(state="withdrawn"),
                name="one_live_application_per_cycle",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="organization", organization__isnull=False, individual__isnull=True)
                    | models.Q(kind="individual", individual__isnull=False, organization__isnull=True)
                ),
                name="application_profile_matches_kind",
            ),
        ]
        permissions = [
            ("endorse_application", _("可推荐申报")),
            ("review_qualification", _("可进行资格审查")),
            ("view_evidence", _("可查看证实性材料")),
        ]

    def __str__(self):
        return f"{self.reference or '—'} {self.applicant_name}"

    @property
    def standard(self):
        return self.cycle.standard_for(self.kind)

    @property
    def is_editable(self):
        return self.state in ApplicationState.editable()

    @property
    def profile(self):
        return self.organization if self.kind == ApplicationKind.ORGANIZATION else self.individual

    @property
    def is_encouraged(self):
        return bool(self.organization and self.organization.is_encouraged)

    def evaluation_years(self):
        """Art. 6: the years before the application that are evaluated, newest first."""
        first = self.cycle.year - 1
        return [first - i for i in range(self.cycle.evaluation_years)]


class YearFigure(models.Model):
    """Key figures for one of the evaluated years (Art. 6, 15(三))."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="year_figures")
    year = models.PositiveIntegerField(_("年度"))
    revenue = models.DecimalField(_("营业收入(万元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    profit = models.DecimalField(_("利润总额(万元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    tax = models.DecimalField(_("纳税额(万元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    rd_investment = models.DecimalField(
        _("研发投入(万元)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    employees = models.PositiveIntegerField(_("从业人数"), null=True, blank=True)
    quality_indicators = models.TextField(_("主要质量、技术指标及行业排名"), blank=True)

    class Meta:
        verbose_name = _("年度关键指标")
        verbose_name_plural = _("年度关键指标")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["application", "year"], name="one_figure_row_per_year")]


class SelfAssessment(models.Model):
    """The applicant's self-assessment for one category of the scoring standard."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="self_assessments")
    category = models.ForeignKey(StandardCategory, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("自评说明"), blank=True)
    claimed_points = models.DecimalField(_("自评得分"), max_digits=6, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("自评")
        verbose_name_plural = _("自评")
        ordering = ["category__position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "category"], name="one_self_assessment_per_category")
        ]


class EvidenceKind(models.TextChoices):
    LICENSE = "license", _("营业执照或登记证书")
    CERTIFICATION = "certification", _("管理体系认证证书")
    FINANCIAL = "financial", _("近三年财务报表")
    QUALITY = "quality", _("质量业绩与指标证明")
    HONOR = "honor", _("荣誉与成果证明")
    COMPLIANCE = "compliance", _("无事故、无违法违规证明")
    IDENTITY = "identity", _("身份与工作证明")
    OTHER = "other", _("其他证实性材料")

    @classmethod
    def for_kind(cls, kind):
        """The kinds that fit an organization's or an individual's application (an individual has no business
        licence, management-system certificate or financial statements; an organization no identity papers)."""
        if kind == ApplicationKind.INDIVIDUAL:
            return [cls.IDENTITY, cls.QUALITY, cls.HONOR, cls.COMPLIANCE, cls.OTHER]
        return [cls.LICENSE, cls.CERTIFICATION, cls.FINANCIAL, cls.QUALITY, cls.HONOR, cls.COMPLIANCE, cls.OTHER]


def evidence_path(instance, filename):
    # Random names: the original name is kept in the row, never in the path.
    return f"evidence/{instance.application_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """证实性材料: a typed upload, checked by content, stored outside public URLs, fingerprinted (SHA-256)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("材料类型"), max_length=20, choices=EvidenceKind.choices)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    file = models.FileField(upload_to=evidence_path, storage=private_storage, max_length=300)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=60)
    size = models.PositiveIntegerField(_("大小(字节)"))
    sha256 = models.CharField(_("SHA-256 指纹"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("证实性材料")
        verbose_name_plural = _("证实性材料")
        ordering = ["kind", "uploaded_at"]

    def __str__(self):
        return self.original_name


class AvoidanceRequest(models.Model):
    """The applicant's avoid-list (回避申请, Art. 12): organizations or people it asks to keep out of its review."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="avoidance_requests")
    name = models.CharField(_("回避对象(单位或个人)"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True)
    reason = models.CharField(_("回避理由"), max_length=300)

    class Meta:
        verbose_name = _("回避申请")
        verbose_name_plural = _("回避申请")


class Endorsement(models.Model):
    """推荐意见: the recommender's signed opinion, Art. 19(一). One live decision per application."""

    class Decision(models.TextChoices):
        ENDORSE = "endorse", _("同意推荐")
        DECLINE = "decline", _("不予推荐")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="endorsements")
    recommender = models.ForeignKey(Recommender, on_delete=models.PROTECT, related_name="endorsements")
    decision = models.CharField(_("推荐结论"), max_length=10, choices=Decision.choices)
    opinion = models.TextField(_("推荐意见"))
    signed_name = models.CharField(_("签署人"), max_length=50)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("签署时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("推荐意见")
        verbose_name_plural = _("推荐意见")
        ordering = ["-signed_at", "-id"]


class QualificationReview(models.Model):
    """资格审查: the office's ruling, criterion by criterion with reasons (Art. 19(二))."""

    class Decision(models.TextChoices):
        PASS = "pass", _("符合申报条件")
        FAIL = "fail", _("不符合申报条件")
        RETURN = "return", _("退回补正")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="qualification_reviews")
    decision = models.CharField(_("审查结论"), max_length=10, choices=Decision.choices)
    criteria = models.JSONField(_("逐项审查意见"), default=list)
    reasons = models.TextField(_("理由"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("审查时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("资格审查")
        verbose_name_plural = _("资格审查")
        ordering = ["-decided_at", "-id"]


class CorrectionRequest(models.Model):
    """退回补正: reasons and a deadline; resolved when the applicant resubmits."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="corrections")
    reasons = models.TextField(_("补正事项"))
    deadline = models.DateField(_("补正截止日期"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(_("补正提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("退回补正")
        verbose_name_plural = _("退回补正")
        ordering = ["-created_at", "-id"]


class Recusal(models.Model):
    """回避 (Art. 12): a person who must not see or act on an application, whatever grants they hold.

    Written by the layer that finds the conflict (review for experts, the office for its own staff); read by
    award.permissions, which denies before any grant is looked at. Guardian cannot express a deny; this row does.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="recusals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recusals")
    reason = models.CharField(_("回避理由"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("回避")
        verbose_name_plural = _("回避")
        constraints = [models.UniqueConstraint(fields=["application", "user"], name="one_recusal_per_person")]
