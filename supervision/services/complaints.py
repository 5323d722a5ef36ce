"""Complaints (投诉举报), Art. 11, 23, 25, 27: filed by anyone at any time, handled by the supervision group.

A complaint's state changes only in `_complaint_transition`, through `accounts.workflows.transition` with
supervision's COMPLAINT_WORKFLOW: the table checked, saved, audited, with the handling record the complainant's
tracking page shows, in one transaction.
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
from accounts.models import Role
from accounts.notifications import notify
from accounts.permissions import has_role
from accounts.workflows import transition
from award.models import CycleStage
from award.uploads import inspect_evidence_file

from .. import emails
from ..models import (
    Complaint,
    ComplaintEvidence,
    ComplaintNote,
    ComplaintOutcome,
    ComplaintState,
    SupervisionMember,
)
from ..permissions import can_handle_complaint
from ..selectors import complaint_default_cycle, complaint_public_targets
from ..workflows import COMPLAINT_WORKFLOW
from .common import WorkflowError, office_users

S = ComplaintState
# Per address: at most this many complaints in the window (settings may override; not a regulation number).
RATE_LIMIT = getattr(settings, "COMPLAINT_RATE_LIMIT", 5)
RATE_WINDOW = timedelta(seconds=getattr(settings, "COMPLAINT_RATE_WINDOW_SECONDS", 3600))
MAX_FILES = 5


def complaint_file(*, category, subject, description, complainant_name, complainant_contact, files=(),
                   cycle=None, application=None, stage="", ip=None, now=None) -> Complaint:
    """Art. 11: anyone files a complaint at any time; returns it with its tracking code.

    The complaint is about `cycle` (the complainant's choice on the form; the cycle under review when not given)
    and optionally one of its applications (a name from the cycle's public lists) and a stage. It goes to that
    cycle's supervision group, whose members and the office are told — never to another cycle's group.
    Refused (ValidationError) when the address filed too many in the window, the application is not on the
    cycle's public lists, or a file fails the evidence checks (nothing is stored then).
    """
    now = now or timezone.now()
    # An unknown address is counted too (as one bucket): a missing address never skips the limit (issue 11).
    same_address = {"ip_address": ip} if ip else {"ip_address__isnull": True}
    if Complaint.objects.filter(**same_address, filed_at__gte=now - RATE_WINDOW).count() >= RATE_LIMIT:
        raise ValidationError(_("提交过于频繁,请稍后再试或拨打投诉举报电话。"), code="rate_limited")
    cycle = cycle or complaint_default_cycle()
    if cycle is not None and cycle.stage == CycleStage.DRAFT:
        raise ValidationError(_("该届尚在筹备中,请选择已发布的届次。"), code="cycle")
    if application is not None and (
        cycle is None or application.pk not in dict(complaint_public_targets(cycles=[cycle]).get(cycle.pk, []))
    ):
        raise ValidationError(_("所选申报不在该届公开名单中。"), code="application")
    if stage and stage not in CycleStage.values:
        raise ValidationError(_("请选择有效的评审环节。"), code="stage")
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise ValidationError(_("最多上传 %(n)s 个证据文件。") % {"n": MAX_FILES}, code="too_many_files")
    checked = [(f, inspect_evidence_file(f, max_bytes=settings.EVIDENCE_MAX_BYTES)) for f in files]
    with transaction.atomic():
        complaint = Complaint.objects.create(
            cycle=cycle, application=application, stage=stage or "", category=category, subject=subject.strip(), description=description.strip(),
            complainant_name=complainant_name.strip(), complainant_contact=complainant_contact.strip(), ip_address=ip,
        )
        for upload, result in checked:
            ComplaintEvidence.objects.create(
                complaint=complaint, file=upload, original_name=upload.name[:255], content_type=result.content_type,
                size=result.size, sha256=result.sha256,
            )
        audit_record(action="complaint.filed", actor=AnonymousUser(), obj=complaint, cycle_id=complaint.cycle_id,
                     ip=ip, application_id=application.pk if application else None,
                     detail={"category": category, "stage": stage or "", "files": [r.sha256 for _f, r in checked]})
        link = reverse("supervision:complaint_detail", kwargs={"pk": complaint.pk})
        for user in _handlers(complaint):
            notify(recipient=user, event="complaint.received", link=link,
                   key=f"complaint-received:{complaint.pk}:{user.pk}",
                   **emails.complaint_received(complaint=complaint))
    return complaint


def _members(cycle_id):
    """The active supervisors of `cycle_id`'s appointed, live group."""
    members = SupervisionMember.objects.filter(
        group__cycle=cycle_id, group__appointed_at__isnull=False, group__dissolved_at__isnull=True,
        user__is_active=True,
    ).select_related("user")
    return [m.user for m in members]


def _handlers(complaint):
    users = {user.pk: user for user in _members(complaint.cycle_id)}
    for user in office_users():
        users.setdefault(user.pk, user)
    return list(users.values())


def complaint_move(*, complaint, to_cycle, reason, by) -> Complaint:
    """Art. 11: the office hands a complaint filed under the wrong cycle to `to_cycle`'s supervision group.

    Office only; needs a reason; refuses a draft cycle or the cycle it is already in. The move is written to the
    handling record and to the audit log of both cycles (each group's process record shows it), an application
    of the old cycle is unlinked, and the new group's supervisors are told. Their predecessors lose access.
    """
    if not has_role(by, Role.OFFICE):
        raise WorkflowError(_("只有领导小组办公室可以移交投诉举报。"))
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("请填写移交的理由。"))
    if to_cycle.stage == CycleStage.DRAFT:
        raise WorkflowError(_("不能移交到尚在筹备中的届次。"))
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=complaint.pk)
        if complaint.cycle_id == to_cycle.pk:
            raise WorkflowError(_("该投诉举报已属于%(cycle)s。") % {"cycle": to_cycle})
        before = complaint.cycle
        complaint.cycle = to_cycle
        if complaint.application_id and complaint.application.cycle_id != to_cycle.pk:
            complaint.application = None
        complaint.save(update_fields=["cycle", "application"])
        text = _("由%(before)s移交%(after)s评审监督小组办理。理由:%(reason)s") % {
            "before": before or _("未指定届次"), "after": to_cycle, "reason": reason}
        ComplaintNote.objects.create(complaint=complaint, state=complaint.state, text=text, is_public=False,
                                     written_by=by)
        detail = {"from_cycle": before.number if before else None, "to_cycle": to_cycle.number, "reason": reason,
                  "tracking_code": complaint.tracking_code}
        for cycle_id in dict.fromkeys([before.pk if before else None, to_cycle.pk]):
            if cycle_id is not None:
                audit_record(action="complaint.moved", actor=by, obj=complaint, cycle_id=cycle_id, detail=detail)
        link = reverse("supervision:complaint_detail", kwargs={"pk": complaint.pk})
        for member in _members(to_cycle.pk):
            notify(recipient=member, event="complaint.moved", link=link,
                   key=f"complaint-moved:{complaint.pk}:{to_cycle.pk}:{member.pk}",
                   **emails.complaint_moved(complaint=complaint, reason=reason))
    return complaint


def _complaint_transition(*, complaint, to, note, by, public=True, fields=None, detail=None):
    """The handler's step on a complaint: the edge checked against COMPLAINT_WORKFLOW, saved and audited, with
    its handling record (public ones are shown on the complainant's tracking page)."""
    verdict = can_handle_complaint(by, complaint)
    if not verdict:
        raise WorkflowError(verdict.reason)
    with transaction.atomic():
        complaint = transition(COMPLAINT_WORKFLOW, complaint, to, by=by, fields=fields, detail=detail)
        ComplaintNote.objects.create(complaint=complaint, state=to, text=note, is_public=public, written_by=by)
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
