"""The third-party agency, its expert pool and panels, and the expert's pledge (Art. 9, 10, 12, 26)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Sector


class Agency(models.Model):
    """受委托的第三方机构 for one cycle, recorded by the office with the leading group's approval (Art. 9, 10)."""

    cycle = models.OneToOneField("award.Cycle", verbose_name=_("届次"), on_delete=models.PROTECT, related_name="agency")
    name = models.CharField(_("机构名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    approved_at = models.DateField(_("领导小组批准日期"))
    approval_reference = models.CharField(_("批准文件/会议"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("第三方评审机构")
        verbose_name_plural = _("第三方评审机构")

    def __str__(self):
        return self.name


class AgencyMember(models.Model):
    """A user who acts for the agency (role AGENCY)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_memberships")

    class Meta:
        verbose_name = _("机构工作人员")
        verbose_name_plural = _("机构工作人员")
        constraints = [models.UniqueConstraint(fields=["agency", "user"], name="agency_member_unique")]


class ExpertProfile(models.Model):
    """An expert in the agency's pool (Art. 10(二)). Conflicts are keyed on the credit codes and the ID number."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile")
    affiliation = models.CharField(_("工作单位"), max_length=200)
    affiliation_credit_code = models.CharField(_("工作单位统一社会信用代码"), max_length=18, blank=True)
    title = models.CharField(_("职称/职务"), max_length=100, blank=True)
    sectors = models.JSONField(_("擅长产业"), default=list, blank=True)
    id_number = models.CharField(_("居民身份证号码"), max_length=18, blank=True)
    keywords = models.JSONField(_("专业领域关键词"), default=list, blank=True)
    is_active = models.BooleanField(_("在库"), default=True)
    # Set when the expert confirms the self-service profile (SPEC §6); the pledge waits for it (Art. 12, 26).
    profile_confirmed_at = models.DateTimeField(_("本人确认资料时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")

    def __str__(self):
        return str(self.user)

    def sector_labels(self):
        labels = dict(Sector.choices)
        return [labels.get(s, s) for s in self.sectors]


class PastEmployment(models.Model):
    """A former employer with years; a conflict while within `cycle.conflict_lookback_years` (Art. 12)."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="past_employments")
    employer = models.CharField(_("单位名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    from_year = models.PositiveIntegerField(_("起始年份"))
    to_year = models.PositiveIntegerField(_("截止年份"))

    class Meta:
        verbose_name = _("任职经历")
        verbose_name_plural = _("任职经历")
        ordering = ["-to_year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(to_year__gte=models.F("from_year")), name="employment_years")
        ]


class ConsultingClient(models.Model):
    """An organization the expert gave consulting or training to (Art. 12)."""

    class Kind(models.TextChoices):
        CONSULTING = "consulting", _("咨询服务")
        TRAINING = "training", _("培训服务")

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="clients")
    kind = models.CharField(_("服务类型"), max_length=20, choices=Kind.choices, default=Kind.CONSULTING)
    client = models.CharField(_("服务对象"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    year = models.PositiveIntegerField(_("年份"))

    class Meta:
        verbose_name = _("咨询培训服务")
        verbose_name_plural = _("咨询培训服务")
        ordering = ["-year"]


class Shareholding(models.Model):
    """Shares or another financial interest the expert declares in an organization (Art. 12)."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="shareholdings")
    company = models.CharField(_("持股单位"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    since_year = models.PositiveIntegerField(_("起始年份"), null=True, blank=True)
    until_year = models.PositiveIntegerField(_("截止年份"), null=True, blank=True,
                                             help_text=_("仍持有的不填"))

    class Meta:
        verbose_name = _("持股情况")
        verbose_name_plural = _("持股情况")
        ordering = ["id"]


class RelativeEmployment(models.Model):
    """A close relative's employer the expert declares (kinship, Art. 12)."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="relative_employments")
    relation = models.CharField(_("亲属关系"), max_length=30)
    employer = models.CharField(_("亲属工作单位"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)

    class Meta:
        verbose_name = _("亲属任职单位")
        verbose_name_plural = _("亲属任职单位")
        ordering = ["id"]


class Panel(models.Model):
    """专项评审组: one per sector and cycle, with a leader who runs the consensus round (Art. 10(二))."""

    cycle = models.ForeignKey("award.Cycle", on_delete=models.CASCADE, related_name="panels")
    sector = models.CharField(_("产业"), max_length=20, choices=Sector.choices)
    name = models.CharField(_("名称"), max_length=100)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("组长"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("专项评审组")
        verbose_name_plural = _("专项评审组")
        ordering = ["cycle", "sector"]
        constraints = [models.UniqueConstraint(fields=["cycle", "sector"], name="one_panel_per_sector")]

    def __str__(self):
        return self.name


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_memberships")

    class Meta:
        verbose_name = _("评审组成员")
        verbose_name_plural = _("评审组成员")
        constraints = [models.UniqueConstraint(fields=["panel", "expert"], name="panel_member_unique")]


class Pledge(models.Model):
    """保密与回避承诺 (Art. 12, 26): signed per cycle before an expert sees any material."""

    cycle = models.ForeignKey("award.Cycle", on_delete=models.CASCADE, related_name="pledges")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pledges")
    signed_name = models.CharField(_("签署人"), max_length=50)
    text = models.TextField(_("承诺内容"))
    signed_at = models.DateTimeField(_("签署时间"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("保密与回避承诺")
        verbose_name_plural = _("保密与回避承诺")
        constraints = [models.UniqueConstraint(fields=["cycle", "expert"], name="one_pledge_per_cycle")]
