"""Art. 12: recording conflicts from their four sources and what follows from one.

A conflict writes a Recusal row (award's deny record, read by award.permissions before any grant), takes back
the expert's guardian grants, voids a live assignment, and, when found after scoring, voids that expert's
scores and recomputes the application's result, recording why.
"""
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.notifications import notify
from award.models import Application, ApplicationState, Recusal

from .. import emails
from ..conflicts import (
    APPLICANT_RULES,
    DETECTION_RULES,
    ApplicantFacts,
    Avoid,
    Client,
    Employment,
    ExpertFacts,
    conflict_findings,
)
from ..models import (
    Assignment,
    AssignmentState,
    Conflict,
    ConflictSource,
    ConflictType,
    ExpertProfile,
    Scorecard,
    ScorecardState,
)
from .common import ReviewError, grants_sync, refuse_closed

# The states in which an application is under review or its review may still be looked at.
REVIEW_STATES = (
    ApplicationState.QUALIFIED,
    ApplicationState.SITE_REVIEW,
    ApplicationState.NOT_SHORTLISTED,
    ApplicationState.CANDIDATE,
    ApplicationState.PROPOSED,
)
# The record (Art. 11, SPEC §14): every application that entered document review, with whatever state it ended
# in, stays on the review pages and in every report for good.
REVIEWED_STATES = (
    *REVIEW_STATES,
    ApplicationState.AWARDED,
    ApplicationState.NOT_AWARDED,
    ApplicationState.DISQUALIFIED,
)


def expert_facts(profile) -> ExpertFacts:
    if profile is None:
        return ExpertFacts()
    return ExpertFacts(
        id_number=profile.id_number,
        affiliation_credit_code=profile.affiliation_credit_code,
        employments=tuple(Employment(e.credit_code, e.from_year, e.to_year) for e in profile.past_employments.all()),
        clients=tuple(Client(c.credit_code, c.year, c.get_kind_display()) for c in profile.clients.all()),
    )


def applicant_facts(application) -> ApplicantFacts:
    if application.kind == "individual":
        person = application.individual
        code, id_number = person.employer_credit_code, person.id_number
    else:
        code, id_number = application.organization.credit_code, ""
    avoid = tuple(Avoid(a.credit_code, a.id_number) for a in application.avoidance_requests.all())
    return ApplicantFacts(kind=application.kind, credit_code=code, id_number=id_number, avoid=avoid)


def is_conflicted(*, user, application) -> bool:
    """Art. 12: any recorded conflict or recusal keeps the person away from the application."""
    return (
        Conflict.objects.filter(expert=user, application=application).exists()
        or Recusal.objects.filter(user=user, application=application).exists()
    )


def conflict_record(*, expert, application, source, type, reason, by=None) -> Conflict:
    """Record one conflict and apply it: recusal row, grants taken back, live work voided (Art. 12).

    Idempotent per (expert, application, source, type)."""
    with transaction.atomic():
        conflict, created = Conflict.objects.get_or_create(
            expert=expert, application=application, source=source, type=type,
            defaults={"reason": str(reason)[:300], "found_by": by},
        )
        Recusal.objects.get_or_create(application=application, user=expert, defaults={"reason": str(reason)[:300]})
        if created:
            audit_record(
                action="review.conflict_recorded", actor=by, obj=conflict, cycle_id=application.cycle_id,
                application_id=application.pk,
                detail={"expert": expert.username, "source": source, "type": type, "reason": str(reason)},
            )
        had_live = Assignment.objects.filter(expert=expert, application=application,
                                             state__in=[AssignmentState.PROPOSED, AssignmentState.ACTIVE]).exists()
        voided = _void_work(expert=expert, application=application, conflict=conflict, by=by)
        if (had_live or voided) and source != ConflictSource.DECLARED:
            # Art. 12: the expert learns their work was voided, without who raised the conflict or about whom.
            notify(recipient=expert, key=f"assignment-voided:{application.pk}:{expert.pk}",
                   **emails.assignment_voided_for_conflict(application=application, conflict=conflict,
                                                           scores_voided=voided))
        if voided and not conflict.voided_scores:
            conflict.voided_scores = True
            conflict.save(update_fields=["voided_scores"])
        grants_sync(expert=expert, application=application)
    return conflict


def _void_work(*, expert, application, conflict, by):
    """Void the expert's live assignment and every scorecard on the application; recompute if a submitted one
    went. Returns True when submitted scores were voided (a conflict found after scoring)."""
    from .results import result_recompute, site_score_recompute

    why = _("因利害关系回避而作废:%(reason)s") % {"reason": conflict.reason}
    cards = list(
        Scorecard.objects.select_for_update()
        .filter(expert=expert, application=application)
        .exclude(state=ScorecardState.VOID)
    )
    had_submitted = any(c.state == ScorecardState.SUBMITTED for c in cards)
    layers = set()
    for card in cards:
        card.state = ScorecardState.VOID
        card.void_reason = why[:300]
        card.save(update_fields=["state", "void_reason", "updated_at"])
        layers.add(card.layer)
    live = Assignment.objects.filter(expert=expert, application=application,
                                     state__in=[AssignmentState.PROPOSED, AssignmentState.ACTIVE])
    for assignment in live:
        assignment.state = AssignmentState.VOID
        assignment.void_reason = why[:300]
        assignment.save(update_fields=["state", "void_reason", "updated_at"])
        audit_record(action="review.assignment_voided", actor=by, obj=assignment, cycle_id=application.cycle_id,
                     application_id=application.pk, detail={"reason": why, "had_scores": had_submitted})
    if cards:
        audit_record(action="review.scores_voided", actor=by, obj=conflict, cycle_id=application.cycle_id,
                     application_id=application.pk,
                     detail={"scorecards": [c.pk for c in cards], "reason": why})
    if "document" in layers:
        result_recompute(application=application)
    if "site" in layers:
        site_score_recompute(application=application)
    return had_submitted


def conflict_declare(*, expert, application, type, reason, by) -> Conflict:
    """Art. 12: the expert declares a conflict (shareholding, kinship, …) on an application."""
    refuse_closed(application.cycle)  # Art. 11: a closed cycle is archived read-only
    if by.pk != expert.pk or expert.role != Role.EXPERT:
        raise ReviewError(_("利害关系须由专家本人申报。"))
    if not reason.strip():
        raise ReviewError(_("请说明利害关系。"))
    return conflict_record(expert=expert, application=application, source=ConflictSource.DECLARED, type=type,
                           reason=reason, by=by)


def conflict_flag(*, expert, application, type, reason, by) -> Conflict:
    """Art. 12: the office flags a conflict it learned of (a complaint, a supervisor's note)."""
    refuse_closed(application.cycle)  # Art. 11: a closed cycle is archived read-only
    if by.role != Role.OFFICE:
        raise ReviewError(_("只有领导小组办公室可以认定利害关系。"))
    if not reason.strip():
        raise ReviewError(_("请说明利害关系。"))
    return conflict_record(expert=expert, application=application, source=ConflictSource.OFFICE, type=type,
                           reason=reason, by=by)


def conflicts_detect(*, cycle, by=None, experts=None, applications=None) -> list[Conflict]:
    """Art. 12: compare every panel expert of the cycle with every application under review, by credit codes and
    ID numbers, and record what the rules find (detected, or the applicant's avoid-list). Returns new conflicts."""
    from django.contrib.auth import get_user_model

    if experts is None:
        experts = get_user_model().objects.filter(panel_memberships__panel__cycle=cycle).distinct()
    profiles = {
        p.user_id: p
        for p in ExpertProfile.objects.filter(user__in=experts).prefetch_related("past_employments", "clients")
    }
    if applications is None:
        applications = Application.objects.filter(cycle=cycle, state__in=REVIEW_STATES)
    applications = list(
        applications.select_related("organization", "individual").prefetch_related("avoidance_requests")
    )
    known = set(
        Conflict.objects.filter(application__in=applications, expert__in=experts)
        .values_list("expert_id", "application_id", "type")
    )
    new = []
    for expert in experts:
        facts = expert_facts(profiles.get(expert.pk))
        for application in applications:
            findings = conflict_findings(facts, applicant_facts(application), cycle_year=cycle.year,
                                         lookback_years=cycle.conflict_lookback_years,
                                         rules=DETECTION_RULES + APPLICANT_RULES)
            for finding in findings:
                if (expert.pk, application.pk, finding.type) in known:
                    continue
                source = ConflictSource.APPLICANT if finding.type == ConflictType.AVOID_LIST else (
                    ConflictSource.DETECTED)
                new.append(conflict_record(expert=expert, application=application, source=source,
                                           type=finding.type, reason=finding.reason, by=by))
                known.add((expert.pk, application.pk, finding.type))
    return new


def conflicts_for_application(*, application):
    return Conflict.objects.filter(application=application).select_related("expert")


