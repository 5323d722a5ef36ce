"""The candidate list and the leading group's deliberation (Art. 6, 7, 8(三), 19(五)).

Every function here is keyword-only, takes the acting user as `by`, writes its audit entry and queues its
notifications in the same transaction, and moves application states only through `application_transition`.
"""
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.notifications import notify

from .. import emails
from ..models import (
    Application,
    ApplicationKind,
    ApplicationState,
    AwardKind,
    CycleStage,
    Deliberation,
    DeliberationDecision,
    Proposal,
)
from ..selectors import comprehensive_ranking
from .common import locked_cycle, office_only
from .transition import WorkflowError, application_transition

# Art. 6, 7: which applications each award kind is for; individuals have no nomination award (Art. 7).
APPLICATION_KIND_FOR = {
    AwardKind.ORGANIZATION: ApplicationKind.ORGANIZATION,
    AwardKind.INDIVIDUAL: ApplicationKind.INDIVIDUAL,
    AwardKind.NOMINATION: ApplicationKind.ORGANIZATION,
}


def award_cap(cycle, award_kind):
    """Art. 6, 7: the cycle's cap for `award_kind`, and the article that sets it."""
    if award_kind == AwardKind.ORGANIZATION:
        return cycle.organization_award_cap, _("第六条")
    if award_kind == AwardKind.INDIVIDUAL:
        return cycle.individual_award_cap, _("第六条")
    return cycle.nomination_award_cap, _("第七条")


def cap_full_message(cycle, award_kind):
    cap, article = award_cap(cycle, award_kind)
    if award_kind == AwardKind.ORGANIZATION:
        return _("组织奖名额已满(上限 %(cap)s 个,%(article)s)") % {"cap": cap, "article": article}
    if award_kind == AwardKind.INDIVIDUAL:
        return _("个人奖名额已满(上限 %(cap)s 人,%(article)s)") % {"cap": cap, "article": article}
    return _("组织提名奖名额已满(上限 %(cap)s 个,%(article)s)") % {"cap": cap, "article": article}


def _free_slot(cycle, award_kind):
    """The lowest free place 1..cap of `award_kind`, or a refusal that says the cap is reached (Art. 6, 7)."""
    cap, _article = award_cap(cycle, award_kind)
    taken = set(Proposal.objects.filter(cycle=cycle, award_kind=award_kind).values_list("slot", flat=True))
    free = [slot for slot in range(1, cap + 1) if slot not in taken]
    if not free:
        raise WorkflowError(cap_full_message(cycle, award_kind))
    return free[0]


def _insert_proposal(**fields):
    """Create the row in a savepoint; the unique (cycle, kind, slot) constraint is the database's own guard."""
    try:
        with transaction.atomic():
            return Proposal.objects.create(**fields)
    except IntegrityError as exc:
        raise WorkflowError(_("该名额刚被他人占用,请刷新页面后重试。")) from exc


def proposal_create(*, cycle, application, award_kind, by, remarks="", ip=None):
    """Art. 19(五): put an application that passed site review on the candidate list for `award_kind`.

    Locks the cycle row so two office users proposing at once are counted one after the other; refuses beyond
    the cycle's cap (Art. 6, 7), a kind that does not fit the application (Art. 7: no nomination award for
    individuals), and an application whose review results are incomplete.
    """
    office_only(by)
    with transaction.atomic():
        cycle = locked_cycle(cycle, CycleStage.COMPREHENSIVE_REVIEW)
        if Deliberation.objects.filter(cycle=cycle).exists():
            raise WorkflowError(_("领导小组已审议候选名单,不能再调整。"))
        application = Application.objects.get(pk=application.pk)
        if application.cycle_id != cycle.pk:
            raise WorkflowError(_("该申报不属于本届。"))
        if application.state != ApplicationState.SITE_REVIEW:
            raise WorkflowError(
                _("只有完成现场评审的申报可以提名,该申报当前为“%(state)s”。")
                % {"state": application.get_state_display()}
            )
        if APPLICATION_KIND_FOR[award_kind] != application.kind:
            if application.kind == ApplicationKind.INDIVIDUAL and award_kind == AwardKind.NOMINATION:
                raise WorkflowError(_("个人奖不设提名奖(第七条)。"))
            raise WorkflowError(
                _("“%(award)s”不适用于%(kind)s申报。")
                % {"award": AwardKind(award_kind).label, "kind": application.get_kind_display()}
            )
        ranked = comprehensive_ranking(cycle=cycle, kind=application.kind)[application.kind]
        row = next((r for r in ranked if r.application.pk == application.pk), None)
        if row is None or not row.is_complete:
            raise WorkflowError(_("该申报的资料评审、现场评审或满意度测评结果不完整,不能提名。"))
        slot = _free_slot(cycle, award_kind)
        proposal = _insert_proposal(
            cycle=cycle, award_kind=award_kind, slot=slot, application=application,
            composite_score=row.composite, rank=row.rank, remarks=remarks.strip(), proposed_by=by,
        )
        application_transition(
            application=application, to_state=ApplicationState.CANDIDATE, by=by, ip=ip,
            reason=_("列入%(award)s候选名单") % {"award": AwardKind(award_kind).label},
            detail={"award_kind": award_kind, "slot": slot, "composite": str(row.composite), "rank": row.rank},
        )
    return proposal


def proposal_vacancy_record(*, cycle, award_kind, reason, by, ip=None):
    """Art. 6: a place of `award_kind` stays vacant (达不到奖励条件的奖项可以空缺), with the reason recorded."""
    office_only(by)
    if not reason.strip():
        raise WorkflowError(_("请填写空缺理由。"))
    with transaction.atomic():
        cycle = locked_cycle(cycle, CycleStage.COMPREHENSIVE_REVIEW)
        if Deliberation.objects.filter(cycle=cycle).exists():
            raise WorkflowError(_("领导小组已审议候选名单,不能再调整。"))
        slot = _free_slot(cycle, award_kind)
        proposal = _insert_proposal(
            cycle=cycle, award_kind=award_kind, slot=slot, vacancy_reason=reason.strip(), proposed_by=by
        )
        audit_record(
            action="proposal.vacancy", actor=by, obj=proposal, cycle_id=cycle.pk, ip=ip,
            detail={"award_kind": award_kind, "slot": slot, "reason": reason.strip()},
        )
    return proposal


def proposal_withdraw(*, proposal, by, ip=None):
    """Take a place off the candidate list before the deliberation; a proposed application returns to the pool."""
    office_only(by)
    with transaction.atomic():
        locked_cycle(proposal.cycle, CycleStage.COMPREHENSIVE_REVIEW)
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if Deliberation.objects.filter(cycle_id=proposal.cycle_id).exists():
            raise WorkflowError(_("领导小组已审议候选名单,不能再调整。"))
        application = proposal.application
        audit_record(
            action="proposal.withdrawn", actor=by, obj=proposal, cycle_id=proposal.cycle_id, ip=ip,
            application_id=proposal.application_id,
            detail={"award_kind": proposal.award_kind, "slot": proposal.slot},
        )
        proposal.delete()
        if application is not None:
            application_transition(
                application=application, to_state=ApplicationState.SITE_REVIEW, by=by, ip=ip,
                reason=_("撤回候选提名"),
            )


def deliberation_record(*, cycle, meeting_name, held_on, members_present, decisions, by, summary="", ip=None,
                        today=None):
    """Art. 8(三): record the leading group's deliberation of the candidate list.

    `decisions` maps each candidate proposal's id to ("agree" | "reject", remarks); a rejection needs remarks.
    Agreed candidates become the proposed award list (拟奖励 → PROPOSED); rejected ones and every application that
    was not put forward are not awarded (NOT_AWARDED).
    """
    office_only(by)
    today = today or timezone.localdate()
    if not meeting_name.strip() or not members_present.strip():
        raise WorkflowError(_("请填写会议名称和出席成员。"))
    if held_on > today:
        raise WorkflowError(_("会议日期不能晚于今天。"))
    with transaction.atomic():
        cycle = locked_cycle(cycle, CycleStage.COMPREHENSIVE_REVIEW)
        if Deliberation.objects.filter(cycle=cycle).exists():
            raise WorkflowError(_("本届的审议结果已经记录。"))
        candidates = list(
            Proposal.objects.filter(cycle=cycle, application__isnull=False).select_related("application")
        )
        if not candidates:
            raise WorkflowError(_("候选名单为空,无法提交审议。"))
        reasons = []
        for proposal in candidates:
            decision, remarks = decisions.get(proposal.pk, (None, ""))
            if decision not in DeliberationDecision.Decision.values:
                reasons.append(_("请填写对“%(name)s”的审议结论。") % {"name": proposal.application.applicant_name})
            elif decision == DeliberationDecision.Decision.REJECT and not (remarks or "").strip():
                reasons.append(_("不同意“%(name)s”时请写明理由。") % {"name": proposal.application.applicant_name})
        if reasons:
            raise WorkflowError(_("审议记录不完整。"), reasons=reasons)
        deliberation = Deliberation.objects.create(
            cycle=cycle, meeting_name=meeting_name.strip(), held_on=held_on,
            members_present=members_present.strip(), summary=summary.strip(), recorded_by=by,
        )
        for proposal in candidates:
            decision, remarks = decisions[proposal.pk]
            DeliberationDecision.objects.create(
                deliberation=deliberation, proposal=proposal, decision=decision, remarks=(remarks or "").strip()
            )
            agreed = decision == DeliberationDecision.Decision.AGREE
            application_transition(
                application=proposal.application,
                to_state=ApplicationState.PROPOSED if agreed else ApplicationState.NOT_AWARDED,
                by=by, ip=ip, reason=(remarks or "").strip() or _("领导小组审议同意"),
                detail={"deliberation": deliberation.pk, "award_kind": proposal.award_kind},
            )
            if not agreed:
                _notify_not_awarded(proposal.application, deliberation)
        for application in cycle.applications.filter(state=ApplicationState.SITE_REVIEW):
            application_transition(
                application=application, to_state=ApplicationState.NOT_AWARDED, by=by, ip=ip,
                reason=_("未列入候选名单"), detail={"deliberation": deliberation.pk},
            )
            _notify_not_awarded(application, deliberation)
        audit_record(
            action="deliberation.recorded", actor=by, obj=deliberation, cycle_id=cycle.pk, ip=ip,
            detail={"meeting": deliberation.meeting_name, "held_on": held_on.isoformat(),
                    "decisions": {str(k): v[0] for k, v in decisions.items()}},
        )
    return deliberation


def _notify_not_awarded(application, deliberation):
    notify(
        recipient=application.applicant, event="application.not_awarded",
        link=reverse("award:application_detail", kwargs={"pk": application.pk}),
        key=f"not-awarded:{application.pk}",
        **emails.not_awarded(application=application, deliberation=deliberation),
    )
