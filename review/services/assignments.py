"""SPEC §7: who scores which application. K experts per qualified application from its sector's panel, none
conflicted (Art. 12), load balanced and deterministic; the agency adjusts by hand; every change is audited."""
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.notifications import notify
from accounts.refusals import require_role
from accounts.workflows import transition, transition_rows
from award.models import ApplicationState

from .. import emails
from ..models import Assignment, AssignmentState, Panel, PanelMember, Scorecard, ScorecardState, ScoreLayer
from ..selectors import is_conflicted
from ..workflows import ASSIGNMENT_WORKFLOW, LIVE, SCORECARD_WORKFLOW
from .common import ReviewError, grants_sync, refuse_barred_expert, refuse_closed
from .conflicts import conflicts_detect
from .freeze import open_correction, refuse_frozen
from .proposal import picks_save, plan, proposal_facts, qualified_applications
from .results import result_recompute


def _propose_for(application, *, by):
    """Fill one application's live assignments up to K (after a decline or a void), with the proposal's rules."""
    facts = proposal_facts(cycle=application.cycle, application_ids=[application.pk])
    picks, _shortfalls = plan(applications=[application], facts=facts)
    return picks_save(picks=picks, cycle=application.cycle, by=by)


def assignments_propose(*, cycle, by) -> list[Assignment]:
    """SPEC §7: run conflict detection, then propose K experts for every qualified application, matched on
    sector and expertise keywords (and bids, when the cycle takes them), load balanced, each pick with its
    reason (review.services.proposal). Running it again only fills gaps (declines, voids); it never moves an
    existing assignment. A bounded number of queries whatever the number of applications."""
    refuse_closed(cycle)  # Art. 11: a closed cycle is archived read-only
    _agency_or_office(by)
    with transaction.atomic():
        conflicts_detect(cycle=cycle, by=by)
        applications = list(qualified_applications(cycle=cycle))
        facts = proposal_facts(cycle=cycle)
        picks, shortfalls = plan(applications=applications, facts=facts)
        created = picks_save(picks=picks, cycle=cycle, by=by)
        audit_record(action="review.assignments_proposal_run", actor=by, cycle_id=cycle.pk,
                     detail={"created": len(created), "short": sorted(shortfalls)})
    return created


def assignments_confirm(*, cycle, by) -> int:
    """The agency confirms the proposal: experts are notified and granted the application (not before)."""
    refuse_closed(cycle)  # Art. 11: a closed cycle is archived read-only
    _agency_or_office(by)
    with transaction.atomic():
        proposed = list(
            Assignment.objects.select_for_update()
            .filter(application__cycle=cycle, state=AssignmentState.PROPOSED)
            .select_related("application", "expert")
        )
        for assignment in proposed:
            _activate(assignment, by=by)
    return len(proposed)


def _activate(assignment, *, by):
    transition(ASSIGNMENT_WORKFLOW, assignment, AssignmentState.ACTIVE, by=by, locked=True,
               update_fields=["updated_at"], action="review.assignment_activated",
               detail={"expert": assignment.expert.username})
    grants_sync(expert=assignment.expert, application=assignment.application)
    notify(
        recipient=assignment.expert, event="assigned",
        **emails.assigned(application=assignment.application),
        link=reverse("review:expert_dashboard"), key=f"assigned:{assignment.pk}",
    )


def assignment_add(*, application, expert, by) -> Assignment:
    """The agency adds an expert by hand; refused for a conflicted expert (Art. 12), a disqualified one (Art. 27)
    or one outside the panel."""
    refuse_closed(application.cycle)  # Art. 11: a closed cycle is archived read-only
    _agency_or_office(by)
    if expert.role != Role.EXPERT:
        raise ReviewError(_("该账号不是评审专家。"))
    refuse_barred_expert(expert)  # Art. 27
    if is_conflicted(user=expert, application=application):
        raise ReviewError(_("该专家与申报方存在利害关系,依第十二条须回避,不能分配。"))
    if not PanelMember.objects.filter(panel__cycle=application.cycle_id, panel__sector=application.sector,
                                      expert=expert).exists():
        raise ReviewError(_("该专家不在本产业的专项评审组中。"))
    refuse_frozen(application, ScoreLayer.DOCUMENT)  # issue 8
    if application.state != ApplicationState.QUALIFIED and open_correction(application, ScoreLayer.DOCUMENT) is None:
        raise ReviewError(_("只有资格审查通过、尚待资料评审的申报可以分配专家。"))
    with transaction.atomic():
        if Assignment.objects.filter(application=application, expert=expert).exists():
            raise ReviewError(_("该专家已分配过此申报(含已谢绝或作废的记录)。"))
        assignment = Assignment.objects.create(application=application, expert=expert, created_by=by,
                                               reason=_("评审机构手动添加"))
        audit_record(action="review.assignment_added", actor=by, obj=assignment, cycle_id=application.cycle_id,
                     application_id=application.pk, detail={"expert": expert.username})
    return assignment


def assignment_swap(*, assignment, expert, reason, by) -> Assignment:
    """SPEC §7: the agency replaces one expert of an application by another, with a reason; the newcomer passes
    the same checks as a hand-added expert (conflict, Art. 12; bar, Art. 27; panel) and takes over the state
    (an active assignment's replacement is activated and notified at once). Atomic: both or neither."""
    refuse_closed(assignment.application.cycle)  # Art. 11: a closed cycle is archived read-only
    if not reason.strip():
        raise ReviewError(_("请填写调整理由。"))
    with transaction.atomic():
        old = Assignment.objects.select_for_update().select_related("application__cycle", "expert").get(
            pk=assignment.pk)
        refuse_frozen(old.application, ScoreLayer.DOCUMENT, loaded=True)  # issue 8
        if old.state not in LIVE:
            raise ReviewError(_("该分配已不在有效状态。"))
        if old.expert_id == expert.pk:
            raise ReviewError(_("请选择另一位专家。"))
        was_active = old.state == AssignmentState.ACTIVE
        _assignment_remove(assignment=old, reason=_("调换为%(name)s:%(reason)s") % {"name": expert, "reason": reason},
                           by=by)
        new = assignment_add(application=old.application, expert=expert, by=by)
        new.reason = (_("调换%(name)s:%(reason)s") % {"name": old.expert, "reason": reason})[:300]
        new.save(update_fields=["reason", "updated_at"])
        if was_active:
            _activate(new, by=by)
        audit_record(action="review.assignment_swapped", actor=by, obj=new, cycle_id=old.application.cycle_id,
                     application_id=old.application_id,
                     detail={"out": old.expert.username, "in": expert.username, "reason": reason})
    return new


def assignment_remove(*, assignment, reason, by) -> Assignment:
    """The agency takes an expert off an application, with a reason; submitted scores go with it."""
    refuse_closed(assignment.application.cycle)  # Art. 11: a closed cycle is archived read-only
    return _assignment_remove(assignment=assignment, reason=reason, by=by)


def _assignment_remove(*, assignment, reason, by) -> Assignment:
    """The removal itself, also for an Art. 27 disqualification, which may come after the cycle closed."""
    _agency_or_office(by)
    if not reason.strip():
        raise ReviewError(_("请填写调整理由。"))
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().select_related("application__cycle").get(
            pk=assignment.pk)
        refuse_frozen(assignment.application, ScoreLayer.DOCUMENT, loaded=True)  # issue 8
        ASSIGNMENT_WORKFLOW.check(assignment.state, AssignmentState.VOID, refusal=_("该分配已不在有效状态。"))
        voided = transition_rows(SCORECARD_WORKFLOW, Scorecard.objects.filter(assignment=assignment),
                                 ScorecardState.VOID, void_reason=reason[:300])
        transition(ASSIGNMENT_WORKFLOW, assignment, AssignmentState.VOID, by=by, locked=True,
                   fields={"void_reason": reason[:300]}, update_fields=["updated_at"],
                   action="review.assignment_removed",
                   detail={"expert": assignment.expert.username, "reason": reason, "scorecards_voided": voided})
        grants_sync(expert=assignment.expert, application=assignment.application)
        if voided:
            result_recompute(application=assignment.application)
    return assignment


def assignment_decline(*, assignment, reason, by) -> list[Assignment]:
    """SPEC §7: the expert declines with a reason; a replacement is proposed at once. Returns the replacements."""
    if by.pk != assignment.expert_id:
        raise ReviewError(_("只有被分配的专家本人可以谢绝。"))
    if not reason.strip():
        raise ReviewError(_("请填写谢绝理由。"))
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().select_related("application__cycle").get(
            pk=assignment.pk)
        refuse_closed(assignment.application.cycle)  # Art. 11: a closed cycle is archived read-only
        refuse_frozen(assignment.application, ScoreLayer.DOCUMENT, loaded=True)  # issue 8
        ASSIGNMENT_WORKFLOW.check(assignment.state, AssignmentState.DECLINED, refusal=_("该任务已不在有效状态。"))
        if Scorecard.objects.filter(assignment=assignment, state=ScorecardState.SUBMITTED).exists():
            raise ReviewError(_("评分已提交,不能谢绝。"))
        transition(ASSIGNMENT_WORKFLOW, assignment, AssignmentState.DECLINED, by=by, locked=True,
                   fields={"decline_reason": reason[:300]}, update_fields=["updated_at"],
                   action="review.assignment_declined", detail={"reason": reason})
        transition_rows(SCORECARD_WORKFLOW, Scorecard.objects.filter(assignment=assignment), ScorecardState.VOID,
                        void_reason=reason[:300])
        grants_sync(expert=assignment.expert, application=assignment.application)
        replacements = _propose_for(assignment.application, by=by)
    return replacements


def _agency_or_office(by):
    require_role(by, Role.AGENCY, Role.OFFICE, message=_("只有第三方评审机构或领导小组办公室可以调整专家分配。"))


def panel_for(application):
    return Panel.objects.filter(cycle=application.cycle_id, sector=application.sector).first()


def live_assignments(*, cycle):
    return (
        Assignment.objects.filter(application__cycle=cycle)
        .filter(Q(state__in=LIVE) | Q(state=AssignmentState.DECLINED))
        .select_related("application", "expert")
    )
