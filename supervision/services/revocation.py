"""Art. 24: a revocation case from its source to the recovery of trophy and certificate.

open (a complaint, a visit or a media report; one ground from the award's own list) → investigated (查证属实)
→ proposed (the leading group 提请市政府) → revoked (the government's decision: `award_revoke`, then the public
announcement through `notice_publish`) → recovered. Unproven or not proposed: dropped, with reasons.
`_case_transition` (accounts.workflows.transition with supervision's CASE_WORKFLOW) is the one place `state`
changes.
"""
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.dates import date_text
from accounts.models import Role
from accounts.notifications import notify
from accounts.refusals import require_role
from accounts.workflows import transition
from award.models import NoticeKind
from award.services import notice_publish
from award.services.revocation import award_revoke

from .. import emails
from ..models import RevocationCase, RevocationSource, RevocationState, grounds_for_kind
from ..workflows import CASE_WORKFLOW
from .common import WorkflowError, leading_group_users, office_only

R = RevocationState


def _case_transition(case, to, *, by, fields, detail=None):
    return transition(CASE_WORKFLOW, case, to, by=by, fields=fields, detail=detail)


def _check_ground(award, ground):
    """Art. 24: only a ground from the list of the award's kind (organizations 11, individuals 9)."""
    if ground not in dict(grounds_for_kind(award.kind)):
        raise WorkflowError(_("所选情形不适用于该类奖项(第二十四条)。"))


@transaction.atomic
def revocation_open(*, award, source, ground, source_detail, by, complaint=None, visit=None) -> RevocationCase:
    """Art. 24: the office opens a case on an award from a complaint, a visit or a media report."""
    office_only(by)
    _check_ground(award, ground)
    if award.revoked_on is not None:
        raise WorkflowError(_("该奖项已被撤销。"))
    if RevocationCase.objects.filter(award=award, state__in=R.open_states()).exists():
        raise WorkflowError(_("该奖项已有正在办理的撤销案件。"))
    if source == RevocationSource.COMPLAINT and complaint is None:
        raise WorkflowError(_("请选择来源投诉举报。"))
    if source == RevocationSource.VISIT and (visit is None or visit.award_id != award.pk):
        raise WorkflowError(_("请选择该奖项的巡访记录。"))
    if not source_detail.strip():
        raise WorkflowError(_("请说明线索。"))
    case = RevocationCase.objects.create(award=award, source=source, ground=ground, source_detail=source_detail.strip(),
                                         complaint=complaint, visit=visit, opened_by=by)
    audit_record(action="revocation.opened", actor=by, obj=case, cycle_id=award.cycle_id,
                 application_id=award.application_id, detail={"source": source, "ground": ground})
    return case


@transaction.atomic
def revocation_investigate(*, case, findings, substantiated: bool, by, ground=None) -> RevocationCase:
    """Art. 24 "经查证属实": record the investigation; unproven closes the case. The ground may be corrected
    within the award's own list."""
    office_only(by)
    if not findings.strip():
        raise WorkflowError(_("请填写调查核实情况。"))
    fields = {"investigation": findings.strip(), "investigated_at": timezone.now()}
    if ground:
        _check_ground(case.award, ground)
        fields["ground"] = ground
    if not substantiated:
        fields["closing_reasons"] = findings.strip()
    case = _case_transition(case, R.INVESTIGATED if substantiated else R.DROPPED, by=by, fields=fields)
    if substantiated:
        for user in leading_group_users():
            notify(recipient=user, event="revocation.for_deliberation", key=f"revocation-deliberate:{case.pk}:{user.pk}",
                   link=reverse("supervision:revocation_detail", kwargs={"pk": case.pk}),
                   **emails.revocation_for_deliberation(case=case))
    return case


@transaction.atomic
def revocation_propose(*, case, propose: bool, meeting, proposal_date, by) -> RevocationCase:
    """Art. 24: the leading group's deliberation: propose the revocation to the municipal government, or not.
    Recorded by a member of the leading group or by the office."""
    require_role(by, Role.LEADING_GROUP, Role.OFFICE, message=_("只有质量强市工作领导小组或其办公室可以记录审议结果。"))
    if not meeting.strip():
        raise WorkflowError(_("请填写领导小组会议。"))
    if proposal_date > timezone.localdate():
        raise WorkflowError(_("日期不能晚于今天。"))
    fields = {"proposal_meeting": meeting.strip(), "proposal_date": proposal_date}
    if not propose:
        fields["closing_reasons"] = _("领导小组审议决定不提请撤销(%(meeting)s)。") % {"meeting": meeting.strip()}
    return _case_transition(case, R.PROPOSED if propose else R.DROPPED, by=by, fields=fields,
                            detail={"meeting": meeting.strip(), "date": proposal_date.isoformat()})


@transaction.atomic
def revocation_decide(*, case, body, decision_date, reference, notice_starts_on, by) -> RevocationCase:
    """Art. 24: record the municipal government's decision, revoke the award (`award_revoke`, from which the
    ban on applying runs) and publish the revocation announcement (向社会公告) on the public notices."""
    office_only(by)
    if not body.strip():
        raise WorkflowError(_("请填写决定机关。"))
    case = RevocationCase.objects.select_related("award__application", "award__cycle").get(pk=case.pk)
    if case.state != R.PROPOSED:
        raise WorkflowError(_("须经领导小组提请后才能登记市政府的撤销决定。"))
    award = award_revoke(award=case.award, revoked_on=decision_date, reference=reference, by=by)
    notice = notice_publish(
        cycle=award.cycle, kind=NoticeKind.REVOCATION, starts_on=notice_starts_on, by=by,
        applications=[award.application],
        title=_("关于撤销%(name)s市长质量奖的公告") % {"name": award.recipient_name},
        body=_("%(body)s于%(date)s作出决定(%(ref)s),依据《滨州市市长质量奖管理办法》第二十四条第%(clause)s项"
               "“%(ground)s”,撤销%(name)s获得的第%(number)s届%(award)s,收回奖杯和荣誉证书。"
               "撤销奖项之日起%(years)s年内不得参加市长质量奖的评审。")
        % {"body": body.strip(), "date": date_text(decision_date), "ref": award.revocation_reference,
           "clause": case.ground_label[1:case.ground_label.index(")")], "ground": case.ground_label.split(")", 1)[1],
           "name": award.recipient_name, "number": award.cycle.number, "award": award.get_kind_display(),
           "years": award.cycle.ban_years},
    )
    return _case_transition(case, R.REVOKED, by=by, fields={
        "decision_body": body.strip(), "decision_date": decision_date, "decision_reference": award.revocation_reference,
        "notice": notice,
    }, detail={"notice": notice.pk})


@transaction.atomic
def revocation_recovery_record(*, case, by, trophy_recovered_on=None, certificate_recovered_on=None,
                               note="") -> RevocationCase:
    """Art. 24 "收回奖杯、荣誉证书": record what came back; the case closes when everything the award carried has
    (a nomination award has no trophy)."""
    office_only(by)
    case = RevocationCase.objects.select_for_update().select_related("award").get(pk=case.pk)
    if case.state != R.REVOKED:
        raise WorkflowError(_("只有已撤销、待收回的案件可以登记收回情况。"))
    fields = {"prize_recovery_note": note.strip()[:300] or case.prize_recovery_note}
    if trophy_recovered_on:
        fields["trophy_recovered_on"] = trophy_recovered_on
    if certificate_recovered_on:
        fields["certificate_recovered_on"] = certificate_recovered_on
    for name, value in fields.items():
        setattr(case, name, value)
    complete = case.certificate_recovered_on and (case.trophy_recovered_on or not case.needs_trophy)
    if complete:
        return _case_transition(case, R.RECOVERED, by=by, fields=fields)
    case.save()
    audit_record(action="revocation.recovery_recorded", actor=by, obj=case, cycle_id=case.award.cycle_id,
                 application_id=case.award.application_id,
                 detail={k: str(v) for k, v in fields.items()})
    return case
