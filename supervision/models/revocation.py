"""Revocation cases (撤销, Art. 24): from a complaint, a visit or a media report, through investigation, the
leading group's proposal and the municipal government's decision, to the public announcement and the recovery of
trophy and certificate.

The grounds are the regulation's two lists, word for word; an award's case may take only the grounds of its kind.
Only supervision.services.revocation changes `state`.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Art. 24, 获奖组织发生以下情形的 (一)–(十一). Stored as codes; the wording is the regulation's.
GROUNDS_ORGANIZATION = (
    ("org-01", _("弄虚作假,采取不正当手段骗取市长质量奖荣誉的")),
    ("org-02", _("发生重大质量、安全、环保、卫生等事故的")),
    ("org-03", _("产品质量或服务质量不稳定,单位产品连续2次经市级以上质量监督抽查判定为不合格的,或出现重大服务质量事故的")),
    ("org-04", _("工程质量发生重大问题,被有关部门查处或被群众投诉的")),
    ("org-05", _("出口产品因质量问题被国外通报或索赔,造成国家形象和产品信誉受到较大损害的")),
    ("org-06", _("违反财经纪律等问题并被相关部门查处的")),
    ("org-07", _("未履行社会责任,引起社会公众谴责,造成重大不良影响的")),
    ("org-08", _("被媒体曝光,并产生严重不良影响的")),
    ("org-09", _("产品或服务的质量和技术落后于同行业水平,不具备示范引领作用的")),
    ("org-10", _("发生违反本办法第二十三条规定行为的")),
    ("org-11", _("发生其他严重违反法律法规行为的")),
)
# Art. 24, 获奖个人发生以下情形的 (一)–(九).
GROUNDS_INDIVIDUAL = (
    ("ind-01", _("弄虚作假,采取不正当手段骗取市长质量奖荣誉的")),
    ("ind-02", _("违反政治纪律、廉政规定的")),
    ("ind-03", _("因个人原因导致所在单位发生重大质量、安全、环保卫生等事故,并被司法、行政处理的")),
    ("ind-04", _("违反财经纪律等问题,并被相关部门查处的")),
    ("ind-05", _("抄袭、剽窃他人研究或技术成果的")),
    ("ind-06", _("违反基本职业道德和社会规范,被媒体曝光并造成恶劣影响的")),
    ("ind-07", _("发生严重失信行为,被征信管理部门实施失信处罚的")),
    ("ind-08", _("发生违反本办法第二十三条规定行为的")),
    ("ind-09", _("发生其他违反法律法规行为的")),
)
CHINESE_NUMERALS = "一二三四五六七八九十"


def _numbered(grounds):
    labelled = []
    for i, (code, text) in enumerate(grounds, start=1):
        numeral = CHINESE_NUMERALS[i - 1] if i <= 10 else "十" + CHINESE_NUMERALS[i - 11]
        labelled.append((code, f"({numeral}){text}"))
    return tuple(labelled)


def grounds_for_kind(kind):
    """Art. 24: the grounds an award of `kind` may be revoked on — the individuals' list for an individual award,
    the organizations' list for an organization or nomination award — as (code, "(N)wording") pairs."""
    return _numbered(GROUNDS_INDIVIDUAL if kind == "individual" else GROUNDS_ORGANIZATION)


ALL_GROUNDS = dict(_numbered(GROUNDS_ORGANIZATION) + _numbered(GROUNDS_INDIVIDUAL))


class RevocationSource(models.TextChoices):
    COMPLAINT = "complaint", _("投诉举报")
    VISIT = "visit", _("定期巡访")
    MEDIA = "media", _("媒体报道")
    OTHER = "other", _("其他途径")


class RevocationState(models.TextChoices):
    OPEN = "open", _("立案调查中")
    INVESTIGATED = "investigated", _("已查证属实,待领导小组审议")
    PROPOSED = "proposed", _("领导小组已提请市政府")
    REVOKED = "revoked", _("市政府已撤销,待收回奖杯证书")
    RECOVERED = "recovered", _("已撤销,奖杯证书已收回")
    DROPPED = "dropped", _("不予撤销,已结案")

    @classmethod
    def open_states(cls):
        return (cls.OPEN, cls.INVESTIGATED, cls.PROPOSED)


class RevocationCase(models.Model):
    award = models.ForeignKey("award.Award", verbose_name=_("奖项"), on_delete=models.PROTECT,
                              related_name="revocation_cases")
    source = models.CharField(_("线索来源"), max_length=20, choices=RevocationSource.choices)
    complaint = models.ForeignKey("supervision.Complaint", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="revocation_cases", verbose_name=_("投诉举报"))
    visit = models.ForeignKey("supervision.Visit", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="revocation_cases", verbose_name=_("巡访"))
    source_detail = models.TextField(_("线索说明(媒体报道请注明媒体、日期和标题)"))
    ground = models.CharField(_("撤销情形(第二十四条)"), max_length=10)
    state = models.CharField(_("状态"), max_length=20, choices=RevocationState.choices,
                             default=RevocationState.OPEN, db_index=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    investigation = models.TextField(_("调查核实情况"), blank=True)
    investigated_at = models.DateTimeField(null=True, blank=True)
    proposal_meeting = models.CharField(_("领导小组会议"), max_length=200, blank=True)
    proposal_date = models.DateField(_("提请日期"), null=True, blank=True)
    decision_body = models.CharField(_("决定机关"), max_length=100, blank=True)
    decision_date = models.DateField(_("撤销决定日期"), null=True, blank=True)
    decision_reference = models.CharField(_("决定文号"), max_length=100, blank=True)
    notice = models.ForeignKey("award.Notice", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("撤销公告"))
    trophy_recovered_on = models.DateField(_("奖杯收回日期"), null=True, blank=True)
    certificate_recovered_on = models.DateField(_("荣誉证书收回日期"), null=True, blank=True)
    prize_recovery_note = models.CharField(_("收回情况说明"), max_length=300, blank=True)
    closing_reasons = models.TextField(_("结案理由"), blank=True)

    class Meta:
        verbose_name = _("撤销奖项案件")
        verbose_name_plural = _("撤销奖项案件")
        ordering = ["-opened_at", "-id"]

    def __str__(self):
        return f"{self.award.recipient_name} · {self.get_state_display()}"

    @property
    def ground_label(self):
        return ALL_GROUNDS.get(self.ground, self.ground)

    @property
    def is_open(self):
        return self.state in RevocationState.open_states()

    @property
    def needs_trophy(self):
        """Nomination awards carry a certificate only (SPEC §10)."""
        return self.award.kind != "nomination"
