"""Reads of supervision (STYLE §1): the supervisor's cycles, the process record, the audit log with filters."""
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.signin import SIGNIN_AUDIT_ACTIONS, SIGNIN_AUDIT_PREFIXES
from award.models import Application, Award, Cycle, CycleStage, Deliberation, NoticeEntry
from award.selectors import comprehensive_ranking, ranking_formula
from review.models import SiteVisit
from review.selectors import cycle_under_review

from .models import (
    Complaint,
    ComplaintState,
    RevocationCase,
    RevocationState,
    SupervisionOpinion,
    SupervisionReport,
)

STAGE_ACTIONS = ("cycle.created", "cycle.call_published", "cycle.advanced", "cycle.window_changed")
DECISION_PREFIXES = ("qualification.", "notice.", "award.", "objection.", "approval.", "supervision.",
                     "misconduct.", "revocation.", "deliberation.", "complaint.moved")


def cycles_supervised_by(*, user):
    """Art. 11: the cycles whose live group the supervisor sits in, newest first."""
    return Cycle.objects.filter(
        supervision_group__members__user=user, supervision_group__appointed_at__isnull=False,
        supervision_group__dissolved_at__isnull=True,
    ).order_by("-number")


def cycle_timeline(*, cycle):
    """The cycle's stages as the audit log recorded them (who moved it, when)."""
    return AuditEntry.objects.filter(cycle_id=cycle.pk, action__in=STAGE_ACTIONS).select_related("actor").order_by("id")


def cycle_decisions(*, cycle, limit=200):
    """Decisions of the cycle (qualification, notices, awards, objections, supervision…) from the audit log."""
    q = Q()
    for prefix in DECISION_PREFIXES:
        q |= Q(action__startswith=prefix)
    return AuditEntry.objects.filter(q, cycle_id=cycle.pk).select_related("actor").order_by("-id")[:limit]


def cycle_applications(*, cycle):
    return Application.objects.filter(cycle=cycle).select_related("recommender").order_by("kind", "reference", "id")


def audit_entries(*, cycle, actor=None, action="", date_from=None, date_to=None, application_id=None):
    """SPEC §14: the cycle's audit entries, filtered by who, what (action prefix), when and which application.
    Sign-in and second-factor entries (failed sign-ins, lockouts, resets; issue 11) belong to no cycle: an action
    filter that picks them shows them, system-wide, narrowed by the date filters."""
    if action and action.startswith(SIGNIN_AUDIT_PREFIXES):
        qs = AuditEntry.objects.filter(cycle_id__isnull=True).select_related("actor")
    else:
        qs = AuditEntry.objects.filter(cycle_id=cycle.pk).select_related("actor")
    if actor:
        qs = qs.filter(actor_id=actor)
    if action:
        qs = qs.filter(action__startswith=action)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    if application_id:
        qs = qs.filter(application_id=application_id)
    return qs.order_by("-id")


def audit_actors(*, cycle):
    ids = AuditEntry.objects.filter(cycle_id=cycle.pk, actor__isnull=False).values("actor_id").distinct()
    return get_user_model().objects.filter(pk__in=ids).order_by("username")


def audit_actions(*, cycle):
    """The actions the filter offers: the cycle's own, then the system-wide sign-in ones (always offered)."""
    own = list(AuditEntry.objects.filter(cycle_id=cycle.pk).values_list("action", flat=True).distinct()
               .order_by("action"))
    return own + [action for action in SIGNIN_AUDIT_ACTIONS if action not in own]


def complaints_for(*, user):
    """Complaints the user handles: every one for the office, the cycles' ones for a supervisor."""
    qs = Complaint.objects.select_related("cycle", "handler").annotate(files=Count("evidence")).order_by("-filed_at", "-id")
    if user.role == "office":
        return qs
    return qs.filter(cycle__in=cycles_supervised_by(user=user))


def complaint_cycle_choices():
    """The cycles a complaint may be about: every cycle past its drafting, newest first (Art. 11)."""
    return Cycle.objects.exclude(stage=CycleStage.DRAFT).order_by("-number")


def complaint_default_cycle():
    """The cycle the public form proposes: the cycle under review (review's definition), when it is not a draft."""
    cycle = cycle_under_review()
    if cycle is not None and cycle.stage != CycleStage.DRAFT:
        return cycle
    return complaint_cycle_choices().first()


def complaint_public_targets(*, cycles):
    """Art. 11: the applicants a complaint may name, per cycle — only names the public already reads: the entries
    of the cycle's published notices (qualified list, proposed awards, revocations) and its winners.
    Returns {cycle_id: [(application_id, name), ...]}, names in list order, each application once."""
    targets = {}
    seen = set()
    entries = (
        NoticeEntry.objects.filter(notice__cycle__in=cycles, notice__published_at__lte=timezone.now())
        .select_related("notice").order_by("notice__cycle_id", "notice__published_at", "position")
        .values_list("notice__cycle_id", "application_id", "label")
    )
    awards = Award.objects.filter(cycle__in=cycles).order_by("cycle_id", "id").values_list(
        "cycle_id", "application_id", "recipient_name")
    for cycle_id, application_id, name in [*entries, *awards]:
        if (cycle_id, application_id) not in seen:
            seen.add((cycle_id, application_id))
            targets.setdefault(cycle_id, []).append((application_id, name))
    return targets


def complaint_by_code(*, code):
    code = (code or "").strip().upper()
    if not code:
        return None
    return Complaint.objects.filter(tracking_code=code).first()


def open_complaint_counts(*, cycle):
    return cycle.complaints.aggregate(
        open=Count("id", filter=Q(state__in=ComplaintState.open_states())),
        total=Count("id"),
    )


def reports_for_leading_group():
    return SupervisionReport.objects.select_related("cycle", "written_by").order_by("read_by_leading_group_at",
                                                                                    "-submitted_at")


def revocations_for_deliberation():
    return RevocationCase.objects.filter(state=RevocationState.INVESTIGATED).select_related("award")


def awards_for_office():
    return Award.objects.select_related("cycle", "application").prefetch_related("visits", "fund_reports",
                                                                                 "revocation_cases")


def awards_of_winner(*, user):
    return Award.objects.filter(application__applicant=user).select_related("cycle").prefetch_related(
        "fund_reports", "visits")


def comprehensive_review_for_leading_group(*, cycle, user):
    """Art. 8(三), 19(五): what the leading group deliberates on — the cycle's ranking by its stated formula
    (document and site scores, satisfaction index), each ranked application's site findings and the supervision
    opinions (on it, and on the process as a whole). Read-only; recused applications are left out (Art. 12).
    Five queries however many applications the cycle has."""


    ranking = comprehensive_ranking(cycle=cycle, user=user)
    ids = [row.application.pk for rows in ranking.values() for row in rows]
    visits = {v.application_id: v for v in SiteVisit.objects.filter(application_id__in=ids)}
    opinions = list(SupervisionOpinion.objects.filter(cycle=cycle).filter(
        Q(application__isnull=True) | Q(application_id__in=ids)).order_by("written_at", "id"))
    by_application = {}
    for opinion in opinions:
        if opinion.application_id:
            by_application.setdefault(opinion.application_id, []).append(opinion)
    for rows in ranking.values():
        for row in rows:
            row.visit = visits.get(row.application.pk)
            row.opinions = by_application.get(row.application.pk, [])
    return {"ranking": ranking, "formula": ranking_formula(cycle),
            "general_opinions": [o for o in opinions if not o.application_id],
            "deliberation": Deliberation.objects.filter(cycle=cycle).first()}
