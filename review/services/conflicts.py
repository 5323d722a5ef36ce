"""Art. 12: recording conflicts from their four sources and what follows from one.

A conflict writes a Recusal row (award's deny record, read by award.permissions before any grant), takes back
the expert's guardian grants, voids a live assignment, and, when found after scoring, voids that expert's
scores and recomputes the application's result, recording why.
"""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.notifications import notify
from accounts.refusals import require_role
from accounts.workflows import transition, transition_rows
from award.models import Application, Cycle, CycleStage, Recusal

from .. import emails
from ..conflicts import (
    APPLICANT_RULES,
    DETECTION_RULES,
    ApplicantFacts,
    Avoid,
    Client,
    Employment,
    ExpertFacts,
    Holding,
    Relative,
    conflict_findings,
    norm,
)
from ..emails import conflict_voided_agency
from ..models import (
    AgencyMember,
    Assignment,
    AssignmentState,
    Conflict,
    ConflictSource,
    ConflictType,
    ExpertProfile,
    Scorecard,
    ScorecardState,
    ScoreLayer,
)
from ..selectors import REVIEW_STATES
from ..workflows import ASSIGNMENT_WORKFLOW, SCORECARD_WORKFLOW
from .common import ReviewError, grants_sync, refuse_closed
from .freeze import is_frozen
from .results import result_recompute, site_score_recompute


def expert_facts(profile) -> ExpertFacts:
    if profile is None:
        return ExpertFacts()
    return ExpertFacts(
        id_number=profile.id_number,
        affiliation_credit_code=profile.affiliation_credit_code,
        employments=tuple(Employment(e.credit_code, e.from_year, e.to_year) for e in profile.past_employments.all()),
        clients=tuple(Client(c.credit_code, c.year, c.get_kind_display()) for c in profile.clients.all()),
        holdings=tuple(Holding(h.credit_code, h.since_year, h.until_year) for h in profile.shareholdings.all()),
        relatives=tuple(Relative(r.credit_code, r.relation) for r in profile.relative_employments.all()),
    )


def applicant_facts(application) -> ApplicantFacts:
    if application.kind == "individual":
        person = application.individual
        code, id_number = person.employer_credit_code, person.id_number
    else:
        code, id_number = application.organization.credit_code, ""
    avoid = tuple(Avoid(a.credit_code, a.id_number) for a in application.avoidance_requests.all())
    return ApplicantFacts(kind=application.kind, credit_code=code, id_number=id_number, avoid=avoid)


def conflict_record(*, expert, application, source, type, reason, by=None, matched_code="") -> Conflict:
    """Record one conflict and apply it: recusal row, grants taken back, live work voided (Art. 12).

    Idempotent per (expert, application, source, type)."""
    with transaction.atomic():
        conflict, created = Conflict.objects.get_or_create(
            expert=expert, application=application, source=source, type=type,
            defaults={"reason": str(reason)[:300], "found_by": by, "matched_code": matched_code[:18]},
        )
        Recusal.objects.get_or_create(application=application, user=expert, defaults={"reason": str(reason)[:300]})
        if created:
            audit_record(
                action="review.conflict_recorded", actor=by, obj=conflict, cycle_id=application.cycle_id,
                application_id=application.pk,
                detail={"expert": expert.username, "source": source, "type": type, "reason": str(reason)},
            )
        touched, voided = _void_work(expert=expert, application=application, conflict=conflict, by=by)
        if touched and source != ConflictSource.DECLARED:
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
    went. Returns (whether anything was voided, whether submitted scores were — a conflict found after scoring);
    confirmed layers are left alone (issue 8)."""
    why = _("因利害关系回避而作废:%(reason)s") % {"reason": conflict.reason}
    # Issue 8: confirmed scores stay as they are; the office is told and may open a correction.
    frozen = {layer for layer in (ScoreLayer.DOCUMENT, ScoreLayer.SITE) if is_frozen(application, layer)}
    if frozen:
        _tell_office_frozen(application=application, expert=expert, conflict=conflict, layers=frozen, by=by)
    cards = list(
        Scorecard.objects.select_for_update()
        .filter(expert=expert, application=application)
        .exclude(state=ScorecardState.VOID).exclude(layer__in=frozen)
    )
    had_submitted = any(c.state == ScorecardState.SUBMITTED for c in cards)
    layers = {card.layer for card in cards}
    transition_rows(SCORECARD_WORKFLOW, Scorecard.objects.filter(pk__in=[card.pk for card in cards]),
                    ScorecardState.VOID, void_reason=why[:300], updated_at=timezone.now())
    live = [] if ScoreLayer.DOCUMENT in frozen else list(
        Assignment.objects.filter(expert=expert, application=application,
                                  state__in=[AssignmentState.PROPOSED, AssignmentState.ACTIVE]))
    if live or cards:
        _tell_agency_voided(expert=expert, application=application, conflict=conflict)
    for assignment in live:
        transition(ASSIGNMENT_WORKFLOW, assignment, AssignmentState.VOID, by=by, locked=True,
                   fields={"void_reason": why[:300]}, update_fields=["updated_at"], action="review.assignment_voided",
                   audit_ids={"cycle_id": application.cycle_id, "application_id": application.pk},
                   detail={"reason": why, "had_scores": had_submitted})
    if cards:
        audit_record(action="review.scores_voided", actor=by, obj=conflict, cycle_id=application.cycle_id,
                     application_id=application.pk,
                     detail={"scorecards": [c.pk for c in cards], "reason": why})
    if "document" in layers:
        result_recompute(application=application)
    if "site" in layers:
        site_score_recompute(application=application)
    return bool(live or cards), had_submitted


def _tell_office_frozen(*, application, expert, conflict, layers, by):
    """Issue 8: a conflict found after the office confirmed the results voids nothing by itself; the office hears
    of it (and the record shows it) and decides whether to open a correction."""
    audit_record(action="review.conflict_after_confirmation", actor=by, obj=conflict, cycle_id=application.cycle_id,
                 application_id=application.pk,
                 detail={"expert": expert.username, "layers": sorted(str(layer) for layer in layers),
                         "reason": conflict.reason})
    text = emails.conflict_after_confirmation(application=application, expert=expert, conflict=conflict)
    for user in get_user_model().objects.filter(role=Role.OFFICE, is_active=True):
        notify(recipient=user, event="review.conflict_after_confirmation", **text,
               link=reverse("review:correction_list"), key=f"conflict-frozen:{conflict.pk}:{user.pk}")


def _tell_agency_voided(*, expert, application, conflict):
    """Art. 12: the agency hears at once that the expert's work on the application was voided, to find a
    replacement (the expert is told by conflict_record, without the recorded reason)."""
    subject, body = conflict_voided_agency(application=application, expert=expert, reason=conflict.reason)
    for member in AgencyMember.objects.filter(agency__cycle=application.cycle_id).select_related("user"):
        notify(recipient=member.user, event="review.conflict_voided", subject=subject, body=body,
               link=reverse("review:agency_dashboard"), key=f"conflict-voided:{conflict.pk}:agency:{member.user_id}")


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
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以认定利害关系。"))
    if not reason.strip():
        raise ReviewError(_("请说明利害关系。"))
    return conflict_record(expert=expert, application=application, source=ConflictSource.OFFICE, type=type,
                           reason=reason, by=by)


def conflicts_detect(*, cycle, by=None, experts=None, applications=None) -> list[Conflict]:
    """Art. 12: compare every panel expert of the cycle with every application under review, by credit codes and
    ID numbers, and record what the rules find (detected, or the applicant's avoid-list). Returns new conflicts.

    One pass with a fixed number of queries whatever the sizes: the facts are read once, an index from each code
    to the applications carrying it picks the few expert × application pairs that share a code, and only those
    go through the rules (every rule needs such a shared code, so no conflict is missed)."""
    if experts is None:
        experts = get_user_model().objects.filter(panel_memberships__panel__cycle=cycle).distinct()
    experts = list(experts)
    profiles = {
        p.user_id: p
        for p in ExpertProfile.objects.filter(user__in=[e.pk for e in experts]).prefetch_related(
            "past_employments", "clients", "shareholdings", "relative_employments")
    }
    if applications is None:
        applications = Application.objects.filter(cycle=cycle, state__in=REVIEW_STATES)
    applications = list(
        applications.select_related("organization", "individual").prefetch_related("avoidance_requests").only(
            "kind", "state", "cycle", "applicant_name", "reference", "organization__credit_code",
            "individual__employer_credit_code", "individual__id_number")
    )
    facts_of = {a.pk: applicant_facts(a) for a in applications}
    by_code = {}
    for application in applications:
        facts = facts_of[application.pk]
        for code in (facts.credit_code, facts.id_number, *(x.credit_code for x in facts.avoid),
                     *(x.id_number for x in facts.avoid)):
            if norm(code):
                by_code.setdefault(norm(code), []).append(application)
    known = set(
        Conflict.objects.filter(application__in=[a.pk for a in applications], expert__in=[e.pk for e in experts])
        .values_list("expert_id", "application_id", "type")
    )
    new = []
    for expert in experts:
        facts = expert_facts(profiles.get(expert.pk))
        pairs = {}
        for code in expert_codes(facts):
            for application in by_code.get(code, ()):
                pairs[application.pk] = application
        for application in sorted(pairs.values(), key=lambda a: a.pk):
            findings = conflict_findings(facts, facts_of[application.pk], cycle_year=cycle.year,
                                         lookback_years=cycle.conflict_lookback_years,
                                         rules=DETECTION_RULES + APPLICANT_RULES)
            for finding in findings:
                if (expert.pk, application.pk, finding.type) in known:
                    continue
                source = ConflictSource.APPLICANT if finding.type == ConflictType.AVOID_LIST else (
                    ConflictSource.DETECTED)
                new.append(conflict_record(expert=expert, application=application, source=source,
                                           type=finding.type, reason=finding.reason, by=by,
                                           matched_code=finding.code))
                known.add((expert.pk, application.pk, finding.type))
    return new


def expert_codes(facts: ExpertFacts) -> set[str]:
    """Every credit code and ID number of an expert's facts, normalised."""
    codes = {facts.id_number, facts.affiliation_credit_code}
    codes |= {e.credit_code for e in facts.employments} | {c.credit_code for c in facts.clients}
    codes |= {h.credit_code for h in facts.holdings} | {r.credit_code for r in facts.relatives}
    return {norm(c) for c in codes if norm(c)}


def conflicts_recheck(*, user=None, application=None, applications=None, by=None) -> list[Conflict]:
    """Art. 12: re-run the rules at once when their data changed — an expert's profile (`user` an expert), an
    applicant's profile (`user` an applicant: its applications under review), one application's data or
    avoid-list, or many applications entering review at once (`applications`, one pass per cycle). New conflicts
    void live work through conflict_record. Closed cycles are left alone (Art. 11)."""
    new = []
    if applications is not None:
        by_cycle = {}
        for app in applications:
            if app.state in REVIEW_STATES:
                by_cycle.setdefault(app.cycle_id, []).append(app.pk)
        for cycle in Cycle.objects.filter(pk__in=by_cycle).exclude(stage=CycleStage.CLOSED).order_by("pk"):
            new += conflicts_detect(cycle=cycle, by=by, applications=Application.objects.filter(pk__in=by_cycle[cycle.pk]))
        return new
    if application is not None:
        if application.state in REVIEW_STATES and application.cycle.stage != CycleStage.CLOSED:
            new += conflicts_detect(cycle=application.cycle, by=by,
                                    applications=Application.objects.filter(pk=application.pk))
        return new
    if user is None:
        return new
    if user.role == Role.EXPERT:
        cycles = Cycle.objects.filter(panels__members__expert=user).exclude(stage=CycleStage.CLOSED).distinct()
        for cycle in cycles:
            new += conflicts_detect(cycle=cycle, by=by, experts=[user])
    elif user.role in Role.applicant_roles():
        apps = Application.objects.filter(applicant=user, state__in=REVIEW_STATES).exclude(
            cycle__stage=CycleStage.CLOSED).select_related("cycle")
        for app in apps:
            new += conflicts_detect(cycle=app.cycle, by=by, applications=Application.objects.filter(pk=app.pk))
    return new


def on_conflict_facts_changed(sender, *, user=None, application=None, applications=None, by=None, **kwargs):
    """Receiver of accounts.signals.conflict_facts_changed: delegates to conflicts_recheck."""
    conflicts_recheck(user=user, application=application, applications=applications, by=by)


def conflicts_for_application(*, application):
    return Conflict.objects.filter(application=application).select_related("expert")


