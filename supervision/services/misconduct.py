"""Art. 27: reviewer misconduct. The supervision group proposes; the office decides. A disqualified expert is
taken off every assignment of the cycle through review's own service (which voids the scores and recomputes the
results), off its panels, and barred: the account is deactivated and a Debarment row keeps the person (account,
ID number) out of later cycles. A disqualified agency's accounts are deactivated and its credit code barred.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.services import user_set_active
from review.models import Assignment, AssignmentState, ExpertProfile, Panel, PanelMember
from review.services import ReviewError, assignment_remove, panel_member_remove

from ..models import Debarment, MisconductCase, MisconductState, MisconductSubject
from ..permissions import can_supervise
from .common import WorkflowError, office_only

LIVE = (AssignmentState.PROPOSED, AssignmentState.ACTIVE)


@transaction.atomic
def misconduct_propose(*, cycle, subject, facts, by, expert=None, agency=None, complaint=None) -> MisconductCase:
    """Art. 27: a supervisor puts an expert's or the agency's abuse, neglect or favouritism before the office."""
    verdict = can_supervise(by, cycle)
    if not verdict:
        raise WorkflowError(verdict.reason)
    if subject == MisconductSubject.EXPERT and (expert is None or agency is not None):
        raise WorkflowError(_("请选择评审专家。"))
    if subject == MisconductSubject.AGENCY and (agency is None or expert is not None):
        raise WorkflowError(_("请选择第三方评审机构。"))
    if agency is not None and agency.cycle_id != cycle.pk:
        raise WorkflowError(_("该机构不是本届的评审机构。"))
    if not facts.strip():
        raise WorkflowError(_("请写明事实和依据。"))
    case = MisconductCase.objects.create(cycle=cycle, subject=subject, expert=expert, agency=agency,
                                         complaint=complaint, facts=facts.strip(), proposed_by=by)
    audit_record(action="misconduct.proposed", actor=by, obj=case, cycle_id=cycle.pk,
                 detail={"subject": subject, "name": case.subject_name})
    return case


def misconduct_decide(*, case, disqualify: bool, reasons, by, ip=None) -> MisconductCase:
    """Art. 27: the office disqualifies (取消评审工作资格) or rejects the proposal, with reasons; every effect is
    recorded in `case.effects` and the audit log."""
    office_only(by, _("只有领导小组办公室可以作出取消评审资格的决定。"))
    if not reasons.strip():
        raise WorkflowError(_("请填写决定理由。"))
    with transaction.atomic():
        case = MisconductCase.objects.select_for_update(of=("self",)).select_related("cycle", "expert", "agency").get(
            pk=case.pk)
        if case.state != MisconductState.PROPOSED:
            raise WorkflowError(_("该事项已作出决定。"))
        effects = {}
        if disqualify:
            effects = (_disqualify_expert if case.subject == MisconductSubject.EXPERT else _disqualify_agency)(
                case, reasons=reasons.strip(), by=by, ip=ip)
        case.state = MisconductState.DISQUALIFIED if disqualify else MisconductState.REJECTED
        case.decision_reasons = reasons.strip()
        case.decided_by = by
        case.decided_at = timezone.now()
        case.effects = effects
        case.save()
        audit_record(action=f"misconduct.{case.state}", actor=by, obj=case, cycle_id=case.cycle_id, ip=ip,
                     detail={"name": case.subject_name, "reasons": case.decision_reasons, "effects": effects})
    return case


def _disqualify_expert(case, *, reasons, by, ip):
    expert, cycle = case.expert, case.cycle
    why = _("第二十七条取消评审工作资格:%(reasons)s") % {"reasons": reasons}
    removed, recomputed = [], []
    for assignment in Assignment.objects.filter(expert=expert, application__cycle=cycle, state__in=LIVE):
        assignment_remove(assignment=assignment, reason=why, by=by)  # voids its scores and recomputes
        removed.append(assignment.pk)
        recomputed.append(assignment.application_id)
    left_panels, kept_as_leader = [], []
    for panel in Panel.objects.filter(cycle=cycle, members__expert=expert).distinct():
        try:
            panel_member_remove(panel=panel, expert=expert, by=by)
            left_panels.append(panel.pk)
        except ReviewError:
            kept_as_leader.append(panel.pk)
    user_set_active(user=expert, active=False, by=by, ip=ip)
    profile = ExpertProfile.objects.filter(user=expert).first()
    Debarment.objects.create(case=case, user=expert, id_number=getattr(profile, "id_number", "") or "",
                             name=str(expert), since=timezone.localdate())
    return {"assignments_removed": removed, "applications_recomputed": sorted(set(recomputed)),
            "panels_left": left_panels, "panels_needing_new_leader": kept_as_leader,
            "account_deactivated": expert.username}


def _disqualify_agency(case, *, reasons, by, ip):
    agency = case.agency
    deactivated = []
    for member in agency.members.select_related("user"):
        user_set_active(user=member.user, active=False, by=by, ip=ip)
        deactivated.append(member.user.username)
    Debarment.objects.create(case=case, credit_code=agency.credit_code, name=agency.name,
                             since=timezone.localdate())
    return {"accounts_deactivated": deactivated, "credit_code_barred": agency.credit_code,
            "live_panel_members": PanelMember.objects.filter(panel__cycle=case.cycle).count()}
