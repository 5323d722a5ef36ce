"""Complaints (投诉举报), Art. 11, 23, 25, 27: filed by anyone at any time on the public form, followed with a
tracking code, handled by the supervision group to an outcome reported to the leading group.

Only supervision.services.complaints changes `state`.
"""
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from award.models import CycleStage
from award.storage import private_storage

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone


def new_tracking_code():
    return "TS" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))


class ComplaintCategory(models.TextChoices):
    PROCESS = "process", _("评审推荐及异议处理中的问题(第十一条)")
    ADVERTISING = "advertising", _("将市长质量奖称号用于产品宣传(第二十三条)")
    FORGED_MARK = "forged_mark", _("伪造、冒用市长质量奖标志(第二十五条)")
    REVIEWER_MISCONDUCT = "reviewer_misconduct", _("评审机构或人员滥用职权、玩忽职守、徇私舞弊(第二十七条)")
    WINNER_CONDUCT = "winner_conduct", _("获奖组织或个人发生撤销情形(第二十四条)")
    OTHER = "other", _("其他")


class ComplaintState(models.TextChoices):
    RECEIVED = "received", _("已受理登记")
    INVESTIGATING = "investigating", _("调查核实中")
    CONCLUDED = "concluded", _("已办结")
    DISMISSED = "dismissed", _("不予受理")

    @classmethod
    def open_states(cls):
        return (cls.RECEIVED, cls.INVESTIGATING)


class ComplaintOutcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("情况属实")
    PARTLY = "partly", _("部分属实")
    UNSUBSTANTIATED = "unsubstantiated", _("情况不属实")
    REFERRED = "referred", _("移交有关部门处理")


class Complaint(models.Model):
    tracking_code = models.CharField(_("查询码"), max_length=12, unique=True, default=new_tracking_code)
    cycle = models.ForeignKey(
        "award.Cycle", verbose_name=_("届次"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints",
    )
    # What the complaint is about, as the complainant chose it on the form (all optional but the cycle, which
    # decides whose supervision group handles it; the office may move it to another cycle).
    application = models.ForeignKey(
        "award.Application", verbose_name=_("涉及的申报"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints",
    )
    stage = models.CharField(_("涉及的评审环节"), max_length=30, blank=True, choices=CycleStage.choices)
    category = models.CharField(_("投诉举报类别"), max_length=30, choices=ComplaintCategory.choices)
    subject = models.CharField(_("被投诉举报对象"), max_length=200)
    description = models.TextField(_("投诉举报内容"))
    complainant_name = models.CharField(_("投诉举报人姓名"), max_length=50)
    complainant_contact = models.CharField(_("联系方式"), max_length=100)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=ComplaintState.choices, default=ComplaintState.RECEIVED, db_index=True
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("办理期限"), null=True, blank=True)
    findings = models.TextField(_("调查情况"), blank=True)
    outcome = models.CharField(_("处理结果"), max_length=20, choices=ComplaintOutcome.choices, blank=True)
    outcome_text = models.TextField(_("处理意见"), blank=True)
    public_reply = models.TextField(_("答复投诉举报人"), blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    filed_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["ip_address", "filed_at"])]

    def __str__(self):
        return f"{self.tracking_code} {self.get_category_display()}"

    @property
    def is_open(self):
        return self.state in ComplaintState.open_states()


def complaint_evidence_path(instance, filename):
    return f"complaints/{instance.complaint_id}/{uuid.uuid4().hex}"


class ComplaintEvidence(models.Model):
    """A file the complainant attached, checked by content like applicants' evidence, never publicly served."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=complaint_evidence_path, storage=private_storage, max_length=300)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=60)
    size = models.PositiveIntegerField(_("大小(字节)"))
    sha256 = models.CharField(_("SHA-256 指纹"), max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("投诉举报证据")
        verbose_name_plural = _("投诉举报证据")
        ordering = ["id"]


class ComplaintNote(models.Model):
    """One step of the handling: triage, an investigation note, the conclusion. `is_public` steps show on the
    tracking page (without the handler's name)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    state = models.CharField(_("状态"), max_length=20, choices=ComplaintState.choices)
    text = models.TextField(_("内容"))
    is_public = models.BooleanField(_("向投诉举报人公开"), default=False)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["written_at", "id"]
