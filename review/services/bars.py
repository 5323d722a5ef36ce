"""Art. 27: disqualifying (取消评审工作资格) an expert or the agency found abusing its role, neglecting its duty or
practising favouritism. Supervision decides the case and calls these; review carries out every effect on its own
data through its own services and keeps the ReviewerBar that refuses the expert or agency in later cycles
(common.refuse_barred_expert / refuse_barred_agency).
"""
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.refusals import require_role
from accounts.workflows import transition

from ..models import (
    Assignment,
    BarSubject,
    ExpertProfile,
    Panel,
    ReviewerBar,
    Scorecard,
    ScorecardState,
    ScoreLayer,
    SiteTeamMember,
    SiteVisit,
)
from ..workflows import LIVE, SCORECARD_WORKFLOW
from .agency import _panel_member_remove
from .assignments import _assignment_remove
from .common import ReviewError, grants_sync
from .freeze import is_frozen
from .results import site_score_recompute


def _check(by, reason):
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以作出取消评审资格的决定。"))
    if not (reason or "").strip():
        raise ReviewError(_("请填写决定理由。"))


def expert_disqualify(*, expert, cycle, reason, by, ip=None) -> ReviewerBar:
    """Art. 27: take the expert off every live document assignment of the cycle (its scorecards voided and the
    results recomputed as assignment_remove does), void its site-review scores and recompute the site scores, take it
    off the site teams still at work and off the cycle's panels (a panel or visit it led is left without a leader
    and listed as needing one), take it out of the pool, revoke its grants, and record the bar with every effect.
    """
    _check(by, reason)
    if expert.role != Role.EXPERT:
        raise ReviewError(_("该账号不是评审专家。"))
    why = _("依第二十七条取消评审工作资格:%(reason)s") % {"reason": reason.strip()}
    with transaction.atomic():
        profile = ExpertProfile.objects.filter(user=expert).first()
        # The bar goes first, so every grants_sync below already takes the grants back.
        bar = ReviewerBar.objects.create(
            subject=BarSubject.EXPERT, user=expert, id_number=(getattr(profile, "id_number", "") or "").upper(),
            name=str(expert), cycle=cycle, reason=reason.strip(), decided_by=by,
        )
        touched = set()

        removed, recomputed, left_frozen = [], [], []
        for assignment in (Assignment.objects.filter(expert=expert, application__cycle=cycle, state__in=LIVE)
                           .select_related("application__cycle").order_by("id")):
            if is_frozen(assignment.application, ScoreLayer.DOCUMENT, loaded=True):
                # Issue 8: a confirmed result is not reopened here; the office may open a correction.
                left_frozen.append(assignment.application_id)
                touched.add(assignment.application)
                continue
            _assignment_remove(assignment=assignment, reason=why, by=by)
            removed.append(assignment.pk)
            recomputed.append(assignment.application_id)
            touched.add(assignment.application)

        site_cards = list(
            Scorecard.objects.select_for_update()
            .filter(expert=expert, application__cycle=cycle, layer=ScoreLayer.SITE)
            .exclude(state=ScorecardState.VOID).select_related("application__cycle")
        )
        frozen_cards = [card for card in site_cards if is_frozen(card.application, ScoreLayer.SITE, loaded=True)]
        left_frozen += [card.application_id for card in frozen_cards]
        site_cards = [card for card in site_cards if card not in frozen_cards]
        for card in site_cards:
            transition(SCORECARD_WORKFLOW, card, ScorecardState.VOID, by=by, ip=ip, locked=True,
                       fields={"void_reason": why[:300]}, update_fields=["updated_at"], action="review.scores_voided",
                       audit_ids={"cycle_id": cycle.pk, "application_id": card.application_id},
                       detail={"layer": card.layer, "reason": why})
        site_recomputed = sorted({card.application_id for card in site_cards})
        for card in {card.application_id: card for card in site_cards}.values():
            site_score_recompute(application=card.application)

        open_visits = SiteVisit.objects.filter(application__cycle=cycle, report_submitted_at__isnull=True)
        left_visits = sorted(SiteTeamMember.objects.filter(visit__in=open_visits, expert=expert)
                             .values_list("visit_id", flat=True))
        SiteTeamMember.objects.filter(visit_id__in=left_visits, expert=expert).delete()
        visits_needing_leader = sorted(open_visits.filter(leader=expert).values_list("pk", flat=True))
        for visit in SiteVisit.objects.filter(pk__in=left_visits).select_related("application"):
            touched.add(visit.application)
            audit_record(action="review.site_member_removed", actor=by, obj=visit, cycle_id=cycle.pk,
                         application_id=visit.application_id, ip=ip,
                         detail={"expert": expert.username, "reason": why,
                                 "needs_new_leader": visit.pk in visits_needing_leader})

        left_panels, panels_needing_leader = [], []
        for panel in Panel.objects.filter(cycle=cycle, members__expert=expert).distinct().order_by("id"):
            if panel.leader_id == expert.pk:
                panel.leader = None
                panel.save(update_fields=["leader"])
                panels_needing_leader.append(panel.pk)
                audit_record(action="review.panel_leader_vacated", actor=by, obj=panel, cycle_id=cycle.pk, ip=ip,
                             detail={"expert": expert.username, "reason": why})
            _panel_member_remove(panel=panel, expert=expert, by=by)
            left_panels.append(panel.pk)

        if profile is not None and profile.is_active:
            profile.is_active = False
            profile.save(update_fields=["is_active"])
        for application in touched:
            grants_sync(expert=expert, application=application)

        bar.effects = {
            "assignments_removed": removed,
            "applications_recomputed": sorted(set(recomputed)),
            "site_scores_recomputed": site_recomputed,
            "site_visits_left": left_visits,
            "site_visits_needing_new_leader": visits_needing_leader,
            "panels_left": left_panels,
            "panels_needing_new_leader": panels_needing_leader,
            "removed_from_pool": profile is not None,
            "confirmed_results_left_for_correction": sorted(set(left_frozen)),
        }
        bar.save(update_fields=["effects"])
        audit_record(action="review.expert_disqualified", actor=by, obj=bar, cycle_id=cycle.pk, ip=ip,
                     detail={"expert": expert.username, "reason": bar.reason, **bar.effects})
    return bar


def agency_disqualify(*, agency, reason, by, ip=None) -> ReviewerBar:
    """Art. 27: bar the agency's unified social credit code from being entrusted again (agency_record refuses
    it in any later cycle) and record it with the accounts that acted for the agency."""
    _check(by, reason)
    with transaction.atomic():
        members = sorted(agency.members.values_list("user__username", flat=True))
        bar = ReviewerBar.objects.create(
            subject=BarSubject.AGENCY, credit_code=agency.credit_code.strip().upper(), name=agency.name,
            cycle_id=agency.cycle_id, reason=reason.strip(), decided_by=by,
            effects={"credit_code_barred": agency.credit_code.strip().upper(), "agency_accounts": members},
        )
        audit_record(action="review.agency_disqualified", actor=by, obj=bar, cycle_id=agency.cycle_id, ip=ip,
                     detail={"agency": agency.name, "reason": bar.reason, **bar.effects})
    return bar
