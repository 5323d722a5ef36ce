"""Complaints (投诉举报), Art. 11, 23, 25, 27: filed by anyone at any time, handled by the supervision group.

`_complaint_transition` is the one place a complaint's state changes: it checks the table, saves, writes the
handling record and the audit entry and tells the complainant's tracking page, in one transaction.
"""
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.dates import date_text
from accounts.notifications import notify
from award.models import Cycle
from award.uploads import inspect_evidence_file

from ..models import (
    Complaint,
    ComplaintEvidence,
    ComplaintNote,
    ComplaintOutcome,
    ComplaintState,
    SupervisionMember,
)
from .common import WorkflowError, office_users

S = ComplaintState
COMPLAINT_TRANSITIONS = {
    S.RECEIVED: {S.INVESTIGATING, S.DISMISSED},
    S.INVESTIGATING: {S.CONCLUDED},
    S.CONCLUDED: set(),
    S.DISMISSED: set(),
}
# Per address: at most this many complaints in the window (settings may override; not a regulation number).
RATE_LIMIT = getattr(settings, "COMPLAINT_RATE_LIMIT", 5)
RATE_WINDOW = timedelta(seconds=getattr(settings, "COMPLAINT_RATE_WINDOW_SECONDS", 3600))
MAX_FILES = 5


def complaint_cycle():
    """The cycle a new complaint goes to: the newest with a live supervision group, else the newest."""
    live = Cycle.objects.filter(
        supervision_group__appointed_at__isnull=False, supervision_group__dissolved_at__isnull=True
    ).order_by("-number").first()
    return live or Cycle.objects.order_by("-number").first()


def complaint_file(*, category, subject, description, complainant_name, complainant_contact, files=(),
                   ip=None, now=None) -> Complaint:
    """Art. 11: anyone files a complaint at any time; returns it with its tracking code.

    Refused (ValidationError) when the address filed too many in the window, or a file fails the evidence checks
    (nothing is stored then). The complaint goes to the supervision group of `complaint_cycle()`, whose members
    and the office are told.
    """
    now = now or timezone.now()
    if ip and Complaint.objects.filter(ip_address=ip, filed_at__gte=now - RATE_WINDOW).count() >= RATE_LIMIT:
        raise ValidationError(_("提交过于频繁,请稍后再试或拨打投诉举报电话。"), code="rate_limited")
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise ValidationError(_("最多上传 %(n)s 个证据文件。") % {"n": MAX_FILES}, code="too_many_files")
    checked = [(f, inspect_evidence_file(f, max_bytes=settings.EVIDENCE_MAX_BYTES)) for f in files]
    with transaction.atomic():
        complaint = Complaint.objects.create(
            cycle=complaint_cycle(), category=category, subject=subject.strip(), description=description.strip(),
            complainant_name=complainant_name.strip(), complainant_contact=complainant_contact.strip(), ip_address=ip,
        )
        for upload, result in checked:
            ComplaintEvidence.objects.create(
                complaint=complaint, file=upload, original_name=upload.name[:255], content_type=result.content_type,
                size=result.size, sha256=result.sha256,
            )
        audit_record(action="complaint.filed", actor=AnonymousUser(), obj=complaint, cycle_id=complaint.cycle_id,
                     ip=ip, detail={"category": category, "files": [r.sha256 for _f, r in checked]})
        link = reverse("supervision:complaint_detail", kwargs={"pk": complaint.pk})
        for user in _handlers(complaint):
            notify(recipient=user, event="complaint.received", link=link,
                   key=f"complaint-received:{complaint.pk}:{user.pk}",
                   subject=_("收到投诉举报 %(code)s") % {"code": complaint.tracking_code},
                   body=_("类别:%(category)s;对象:%(subject)s。请及时受理。")
                   % {"category": complaint.get_category_display(), "subject": complaint.subject})
    return complaint


def _handlers(complaint):
    members = SupervisionMember.objects.filter(
        group__cycle=complaint.cycle_id, group__appointed_at__isnull=False, group__dissolved_at__isnull=True,
        user__is_active=True,
    ).select_related("user")
    users = {m.user.pk: m.user for m in members}
    for user in office_users():
        users.setdefault(user.pk, user)
    return list(users.values())


def _complaint_transition(*, complaint, to, note, by, public=True, fields=None, detail=None):
    from ..permissions import can_handle_complaint

    verdict = can_handle_complaint(by, complaint)
    if not verdict:
        raise WorkflowError(verdict.reason)
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if to not in COMPLAINT_TRANSITIONS[complaint.state]:
            raise WorkflowError(_("投诉举报当前为“%(state)s”,不能办理此操作。") % {"state": complaint.get_state_display()})
        for name, value in (fields or {}).items():
            setattr(complaint, name, value)
        before = complaint.state
        complaint.state = to
        complaint.save()
        ComplaintNote.objects.create(complaint=complaint, state=to, text=note, is_public=public, written_by=by)
        audit_record(action=f"complaint.{to}", actor=by, obj=complaint, cycle_id=complaint.cycle_id,
                     detail={"from": before, "to": to, **(detail or {})})
    return complaint


def complaint_accept(*, complaint, deadline, note, by) -> Complaint:
    """Triage: accept the complaint for investigation with a deadline; the handler is the supervisor accepting."""
    if deadline < timezone.localdate():
        raise WorkflowError(_("办理期限不能早于今天。"))
    return _complaint_transition(
        complaint=complaint, to=S.INVESTIGATING, by=by,
        note=note.strip() or _("已受理,正在调查核实,办理期限至%(date)s。") % {"date": date_text(deadline)},
        fields={"handler": by, "deadline": deadline}, detail={"deadline": deadline.isoformat()},
    )


def complaint_dismiss(*, complaint, reasons, by) -> Complaint:
    """Triage: not accepted (不予受理), with reasons the complainant sees."""
    if not reasons.strip():
        raise WorkflowError(_("请填写不予受理的理由。"))
    return _complaint_transition(complaint=complaint, to=S.DISMISSED, note=reasons.strip(), by=by,
                                 fields={"public_reply": reasons.strip(), "concluded_at": timezone.now()})


def complaint_note_add(*, complaint, text, by, is_public=False) -> ComplaintNote:
    """An investigation note (interviews, documents seen); internal unless marked public."""
    from ..permissions import can_handle_complaint

    verdict = can_handle_complaint(by, complaint)
    if not verdict:
        raise WorkflowError(verdict.reason)
    if complaint.state != S.INVESTIGATING:
        raise WorkflowError(_("只有调查中的投诉举报可以添加办理记录。"))
    if not text.strip():
        raise WorkflowError(_("请填写办理记录。"))
    with transaction.atomic():
        note = ComplaintNote.objects.create(complaint=complaint, state=complaint.state, text=text.strip(),
                                            is_public=is_public, written_by=by)
        audit_record(action="complaint.note_added", actor=by, obj=complaint, cycle_id=complaint.cycle_id,
                     detail={"public": is_public})
    return note


def complaint_conclude(*, complaint, findings, outcome, outcome_text, public_reply, by) -> Complaint:
    """Art. 11(三): record the findings and the outcome; the group then reports it to the leading group."""
    if outcome not in ComplaintOutcome.values:
        raise WorkflowError(_("请选择处理结果。"))
    if not findings.strip() or not public_reply.strip():
        raise WorkflowError(_("请填写调查情况和对投诉举报人的答复。"))
    return _complaint_transition(
        complaint=complaint, to=S.CONCLUDED, note=public_reply.strip(), by=by,
        fields={"findings": findings.strip(), "outcome": outcome, "outcome_text": outcome_text.strip(),
                "public_reply": public_reply.strip(), "concluded_at": timezone.now()},
        detail={"outcome": outcome},
    )
