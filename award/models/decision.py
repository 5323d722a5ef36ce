"""The decision stage (SPEC §9–10): comprehensive review, deliberation, objections, approval, certificates.

- `Proposal` — a place on the candidate list (候选名单, Art. 19(五)): per cycle and award kind, numbered slots
  1..cap (Art. 6, 7). A slot holds an application or stays vacant with a reason (Art. 6: 可以空缺). The unique
  (cycle, kind, slot) constraint keeps two concurrent proposals from taking the same place; the service refuses a
  slot beyond the cycle's cap.
- `Deliberation` and `DeliberationDecision` — the leading group's deliberation (审议, Art. 8(三)).
- `Objection` — an objection (异议) to a public notice (Art. 19(六)), handled by the supervision group.
- `Approval` — the municipal government's decision (批准, Art. 19(七)), recorded by the office.
- `Certificate` — the numbered certificate (荣誉证书, Art. 19(八)) of an award, rendered to PDF in the background.

Application states are changed only by `award.services.application_transition`; nothing here assigns them.
"""
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.dates import date_text

from ..storage import private_storage
from .application import Application
from .award import Award, AwardKind
from .cycle import Cycle
from .notice import Notice


class Proposal(models.Model):
    """One place on the cycle's candidate list (Art. 6, 7, 19(五)): an application, or vacant with a reason."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="proposals")
    award_kind = models.CharField(_("奖项"), max_length=20, choices=AwardKind.choices)
    slot = models.PositiveSmallIntegerField(_("名额序号"))
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="proposal"
    )
    vacancy_reason = models.TextField(_("空缺理由"), blank=True)
    composite_score = models.DecimalField(_("提名时综合得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("提名时排名"), null=True, blank=True)
    remarks = models.TextField(_("提名意见"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("候选名额")
        verbose_name_plural = _("候选名额")
        ordering = ["cycle", "award_kind", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "award_kind", "slot"], name="one_proposal_per_slot"),
            models.CheckConstraint(condition=models.Q(slot__gte=1), name="proposal_slot_from_one"),
            models.CheckConstraint(
                condition=models.Q(application__isnull=False) | ~models.Q(vacancy_reason=""),
                name="proposal_vacancy_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_award_kind_display()} #{self.slot}"

    @property
    def is_vacant(self):
        return self.application_id is None


class Deliberation(models.Model):
    """Art. 8(三): the leading group deliberates the candidate list and proposes the award list (拟奖励名单)."""

    cycle = models.OneToOneField(Cycle, on_delete=models.PROTECT, related_name="deliberation")
    meeting_name = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    members_present = models.TextField(_("出席成员"))
    summary = models.TextField(_("审议意见"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("领导小组审议")
        verbose_name_plural = _("领导小组审议")

    def __str__(self):
        return f"{self.meeting_name} ({date_text(self.held_on)})"


class DeliberationDecision(models.Model):
    class Decision(models.TextChoices):
        AGREE = "agree", _("同意列入拟奖励名单")
        REJECT = "reject", _("不同意")

    deliberation = models.ForeignKey(Deliberation, on_delete=models.CASCADE, related_name="decisions")
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="decision")
    decision = models.CharField(_("审议结论"), max_length=10, choices=Decision.choices)
    remarks = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("审议结论")
        verbose_name_plural = _("审议结论")
        ordering = ["proposal__award_kind", "proposal__slot"]


class ObjectionState(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("查实,取消资格")
    DISMISSED = "dismissed", _("不予采纳")


def objection_evidence_path(instance, filename):
    return f"objections/{instance.notice_id}/{uuid.uuid4().hex}"


class Objection(models.Model):
    """异议 (Art. 19(六)): filed by anyone during a notice window with real name and contact; resolved by the
    supervision group (Art. 11(一)) or the office through `award.services.objection_resolve`."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="objections")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="objections")
    tracking_number = models.CharField(_("受理编号"), max_length=30, unique=True)
    name = models.CharField(_("真实姓名"), max_length=50)
    contact = models.CharField(_("身份证号或联系电话"), max_length=50)
    content = models.TextField(_("异议内容"))
    evidence = models.FileField(
        upload_to=objection_evidence_path, storage=private_storage, max_length=300, blank=True
    )
    evidence_name = models.CharField(_("证据文件名"), max_length=255, blank=True)
    evidence_content_type = models.CharField(max_length=60, blank=True)
    evidence_sha256 = models.CharField(_("证据 SHA-256"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    filed_at = models.DateTimeField(_("提交时间"))
    state = models.CharField(
        _("处理状态"), max_length=10, choices=ObjectionState.choices, default=ObjectionState.OPEN, db_index=True
    )
    resolution = models.TextField(_("处理意见"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="open", resolved_at__isnull=True)
                | (~models.Q(state="open") & models.Q(resolved_at__isnull=False) & ~models.Q(resolution="")),
                name="objection_resolved_with_reasons",
            )
        ]

    def __str__(self):
        return self.tracking_number


class ApprovalBody(models.TextChoices):
    STANDING_MEETING = "standing_meeting", _("市政府常务会议研究确定")
    MAYOR = "mayor", _("市长签署确定")


def approval_scan_path(instance, filename):
    return f"approvals/{instance.cycle_id}/{uuid.uuid4().hex}"


class Approval(models.Model):
    """批准 (Art. 2, 19(七)): the government's decision on the proposed list, recorded by the office."""

    cycle = models.OneToOneField(Cycle, on_delete=models.PROTECT, related_name="approval")
    body = models.CharField(_("批准方式"), max_length=20, choices=ApprovalBody.choices)
    decided_on = models.DateField(_("批准日期"))
    document_number = models.CharField(_("文号"), max_length=100)
    scan = models.FileField(upload_to=approval_scan_path, storage=private_storage, max_length=300)
    scan_name = models.CharField(_("扫描件文件名"), max_length=255)
    scan_content_type = models.CharField(max_length=60)
    scan_sha256 = models.CharField(_("扫描件 SHA-256"), max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("批准")
        verbose_name_plural = _("批准")

    def __str__(self):
        return self.document_number


class CertificateState(models.TextChoices):
    PENDING = "pending", _("生成中")
    RENDERED = "rendered", _("已生成")
    FAILED = "failed", _("生成失败")


def certificate_path(instance, filename):
    return f"certificates/{instance.award.cycle_id}/{uuid.uuid4().hex}.pdf"


class Certificate(models.Model):
    """荣誉证书 (Art. 19(八)): a unique public number ("BZQA-9-O-001") and its PDF, rendered by a Celery task."""

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("证书编号"), max_length=30, unique=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=CertificateState.choices, default=CertificateState.PENDING
    )
    pdf = models.FileField(upload_to=certificate_path, storage=private_storage, max_length=300, blank=True)
    sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    last_error = models.TextField(blank=True)
    # The row is also its rendering's outbox row (accounts/outbox.py): the number is its unique delivery key.
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    relayed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("荣誉证书")
        verbose_name_plural = _("荣誉证书")
        ordering = ["number"]

    def __str__(self):
        return self.number
