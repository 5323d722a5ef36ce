"""Art. 27: reviewer misconduct. The supervision group proposes; the office decides. Every effect of a
disqualification on the review is carried out by review's own services (review.services.expert_disqualify /
agency_disqualify: assignments and scores voided, results recomputed, panels and site teams left, grants revoked,
and the ReviewerBar that review enforces in later cycles); supervision keeps the case, deactivates the accounts
and copies review's record of what was done into `case.effects`.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.services import user_set_active
from accounts.workflows import transition
from review.services import agency_disqualify, expert_disqualify

from ..models import MisconductCase, MisconductState, MisconductSubject
from ..permissions import can_supervise
from ..workflows import MISCONDUCT_WORKFLOW
from .common import WorkflowError, office_only


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
        case = transition(
            MISCONDUCT_WORKFLOW, case, MisconductState.DISQUALIFIED if disqualify else MisconductState.REJECTED,
            by=by, ip=ip, locked=True,
            fields={"decision_reasons": reasons.strip(), "decided_by": by, "decided_at": timezone.now(),
                    "effects": effects},
            detail={"name": case.subject_name, "reasons": reasons.strip(), "effects": effects},
        )
    return case


def _disqualify_expert(case, *, reasons, by, ip):
    expert = case.expert
    bar = expert_disqualify(expert=expert, cycle=case.cycle, reason=reasons, by=by, ip=ip)
    user_set_active(user=expert, active=False, by=by, ip=ip)
    return {**bar.effects, "bar": bar.pk, "account_deactivated": expert.username}


def _disqualify_agency(case, *, reasons, by, ip):
    agency = case.agency
    bar = agency_disqualify(agency=agency, reason=reasons, by=by, ip=ip)
    deactivated = []
    for member in agency.members.select_related("user").order_by("user_id"):
        user_set_active(user=member.user, active=False, by=by, ip=ip)
        deactivated.append(member.user.username)
    return {**bar.effects, "bar": bar.pk, "accounts_deactivated": deactivated}
