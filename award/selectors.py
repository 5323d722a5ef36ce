"""Reads of the award app: who sees which applications, cycles and notices, and what holds a cycle's stage."""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.dates import date_text

from .models import (
    Application,
    ApplicationState,
    Approval,
    Award,
    Certificate,
    Cycle,
    CycleStage,
    Deliberation,
    Evidence,
    Notice,
    NoticeKind,
    Objection,
    ObjectionState,
    award_kind_order,
)


def cycle_current():
    """The cycle the public site and the dashboards speak of: the newest one whose call is published,
    else the newest one."""
    published = Cycle.objects.filter(call_published_at__isnull=False).order_by("-number").first()
    return published or Cycle.objects.order_by("-number").first()


def cycle_open_for_applications(*, today=None):
    today = today or timezone.localdate()
    return (
        Cycle.objects.filter(stage=CycleStage.OPEN, application_opens__lte=today, application_closes__gte=today)
        .order_by("-number")
        .first()
    )


def applications_for_applicant(*, user):
    return (
        Application.objects.filter(applicant=user)
        .select_related("cycle", "recommender")
        .order_by("-cycle__number", "-created_at")
    )


def application_editable_for(*, user):
    """The applicant's newest application it may still edit (a draft or one returned for correction), or None."""
    return (
        Application.objects.filter(applicant=user, state__in=ApplicationState.editable())
        .select_related("cycle", "organization", "individual")
        .order_by("-created_at")
        .first()
    )


def evidence_duplicate_of(*, evidence):
    """An earlier file of the same application with the same SHA-256 as `evidence`, or None."""
    return (
        Evidence.objects.filter(application_id=evidence.application_id, sha256=evidence.sha256)
        .exclude(pk=evidence.pk).order_by("pk").first()
    )


def applications_for_recommender(*, user):
    if not user.recommender_id:
        return Application.objects.none()
    return (
        Application.objects.filter(recommender_id=user.recommender_id)
        .exclude(state=ApplicationState.DRAFT)
        .exclude(recusals__user=user)
        .select_related("cycle", "recommender", "organization")
        .order_by("-submitted_at")
    )


def applications_for_office(*, user, cycle, state=None, kind=None, encouraged=None, district=None, sector=None):
    """The cycle's submitted applications the office user is not recused from, in the list's order; narrowed by
    state, award kind, county (the organization's or the individual's district), sector and Art. 16's
    encouraged kinds when given."""
    qs = (
        Application.objects.filter(cycle=cycle)
        .exclude(state=ApplicationState.DRAFT)
        .exclude(recusals__user=user)
        .select_related("recommender", "organization", "individual")
        .order_by(award_kind_order("kind"), "reference")
    )
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if district:
        qs = qs.filter(Q(organization__district=district) | Q(individual__district=district))
    if sector:
        qs = qs.filter(sector=sector)
    if encouraged:
        qs = qs.filter(
            Q(organization__is_modern_agriculture=True)
            | Q(organization__is_strategic_emerging=True)
            | Q(organization__is_new_service=True)
            | (
                Q(organization__size__in=["medium", "small", "micro"])
                & (Q(organization__has_own_ip=True) | Q(organization__leads_standards=True))
            )
        )
    return qs


def application_state_counts(*, cycle):
    rows = cycle.applications.values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}


def notices_public():
    return Notice.objects.select_related("cycle").order_by("-published_at")


# --- Decision stage (SPEC §9–10) -----------------------------------------------------------------------------

RANKED_STATES = (ApplicationState.SITE_REVIEW, ApplicationState.CANDIDATE)
HUNDRED = Decimal("100")
CENT = Decimal("0.01")


@dataclass
class RankingRow:
    """One application on the comprehensive-review page, its scores normalised to 0–100 (SPEC §9)."""

    application: Application
    document_pct: Decimal | None
    site_pct: Decimal | None
    satisfaction: Decimal | None
    composite: Decimal | None
    encouraged: bool
    objections_open: int
    objections_closed: int
    proposal: object = None
    rank: int | None = None

    @property
    def is_complete(self):
        return self.composite is not None


def _percent(score, total_points):
    if score is None or not total_points:
        return None
    return (Decimal(score) * HUNDRED / Decimal(total_points)).quantize(CENT, rounding=ROUND_HALF_UP)


def ranking_formula(cycle):
    """The stated per-cycle formula (Art. 19(五)): weights of the cycle over scores normalised to 0–100."""
    weights = (cycle.weight_document, cycle.weight_site, cycle.weight_satisfaction)
    return {"weights": weights, "weight_total": sum(weights, Decimal("0"))}


def composite_score(*, cycle, document_pct, site_pct, satisfaction):
    """Art. 19(五): the weighted mean of the document-review percentage, the site-review percentage and the
    satisfaction index, with the cycle's weights; None while any of the three is missing."""
    if document_pct is None or site_pct is None or satisfaction is None:
        return None
    total = ranking_formula(cycle)["weight_total"]
    if not total:
        return None
    value = (
        cycle.weight_document * document_pct + cycle.weight_site * site_pct
        + cycle.weight_satisfaction * Decimal(satisfaction)
    ) / total
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _tie_key(row):
    """The documented order: composite score, then Art. 16 encouraged applicants first, then the higher site
    score, then the earlier submission. Incomplete results go last."""
    app = row.application
    submitted = app.submitted_at.timestamp() if app.submitted_at else float("inf")
    return (
        row.composite is None,
        -(row.composite or 0),
        not row.encouraged,
        -(row.site_pct or 0),
        submitted,
        app.pk,
    )


def comprehensive_ranking(*, cycle, user=None, kind=None):
    """SPEC §9: applications that passed site review (and those already proposed), per kind, ranked by the
    cycle's formula with the tie rule of `_tie_key`. Hides applications the user is recused from (Art. 12)."""
    qs = (
        Application.objects.filter(cycle=cycle, state__in=RANKED_STATES)
        .select_related("organization", "individual", "recommender", "proposal")
        .annotate(
            n_open=Count("objections", filter=Q(objections__state="open"), distinct=True),
            n_closed=Count("objections", filter=~Q(objections__state="open"), distinct=True),
        )
    )
    if user is not None:
        qs = qs.exclude(recusals__user=user)
    if kind:
        qs = qs.filter(kind=kind)
    totals = {
        "organization": cycle.organization_standard.total_points,
        "individual": cycle.individual_standard.total_points,
    }
    rows = []
    for app in qs:
        document_pct = _percent(app.document_score, totals[app.kind])
        site_pct = _percent(app.site_score, totals[app.kind])
        rows.append(
            RankingRow(
                application=app,
                document_pct=document_pct,
                site_pct=site_pct,
                satisfaction=app.satisfaction_index,
                composite=composite_score(
                    cycle=cycle, document_pct=document_pct, site_pct=site_pct, satisfaction=app.satisfaction_index
                ),
                encouraged=app.is_encouraged,
                objections_open=app.n_open,
                objections_closed=app.n_closed,
                proposal=getattr(app, "proposal", None),
            )
        )
    ranked = {}
    for app_kind in ("organization", "individual"):
        group = sorted((r for r in rows if r.application.kind == app_kind), key=_tie_key)
        for position, row in enumerate(group, start=1):
            row.rank = position if row.is_complete else None
        ranked[app_kind] = group
    return ranked


def certificate_lookup(*, number, today=None):
    """Public verification (SPEC §10): the certificate with `number` and its status — "valid", "expired" or
    "revoked" (Art. 24) — or None when no certificate has that number."""
    today = today or timezone.localdate()
    certificate = (
        Certificate.objects.select_related("award", "award__cycle")
        .filter(number__iexact=(number or "").strip())
        .first()
    )
    if certificate is None:
        return None
    award = certificate.award
    if award.revoked_on is not None:
        status = "revoked"
    elif award.valid_until < today:
        status = "expired"
    else:
        status = "valid"
    return {"certificate": certificate, "award": award, "status": status}


def winners_public_by_cycle():
    """Art. 19(八): every awarded cycle, newest first, with its awards as `winners_public` orders them, in one
    query however many cycles of history there are: [(cycle, [award, ...]), ...]."""
    grouped = {}
    awards = (
        Award.objects.select_related("cycle", "certificate")
        # Art. 6, 7: organization, individual, nomination within each cycle — never alphabetically.
        .order_by("-cycle__number", award_kind_order("kind"), "certificate__number")
    )
    for award in awards:
        grouped.setdefault(award.cycle_id, (award.cycle, []))[1].append(award)
    return list(grouped.values())


def winners_public(*, cycle):
    """The published winners of a cycle (Art. 19(八)): awards in kind order, revoked ones included and marked."""
    return (
        Award.objects.filter(cycle=cycle)
        .select_related("certificate", "application", "application__recommender")
        .order_by(award_kind_order("kind"), "certificate__number")
    )


# Notices the public may object to (Art. 19(二)(六)); revocation announcements are decisions, not proposals.
OBJECTION_NOTICE_KINDS = (NoticeKind.QUALIFICATION, NoticeKind.PROPOSED_AWARDS)


def proposed_notice(cycle):
    """The newest notice of `cycle`'s proposed award list (Art. 19(六)), or None."""
    return cycle.notices.filter(kind=NoticeKind.PROPOSED_AWARDS).order_by("-published_at").first()


def open_objections(cycle):
    """Objections to `cycle`'s notices not yet ruled on (Art. 19(六))."""
    return Objection.objects.filter(notice__cycle=cycle, state=ObjectionState.OPEN)


def awards_without_certificate(cycle):
    """`cycle`'s awards that have no certificate yet (Art. 19(八)); closing the cycle waits for them."""
    return Award.objects.filter(cycle=cycle, certificate__isnull=True)


def objection_notice_for(pk):
    """The notice `pk` if it accepts objections, else None."""
    return Notice.objects.select_related("cycle").filter(pk=pk, kind__in=OBJECTION_NOTICE_KINDS).first()


def approval_blockers(cycle, *, today=None):
    """Art. 19(六)(七): what stops the approval — the proposed list not yet on notice, its window not over, or an
    objection still open — as sentences for the office."""
    today = today or timezone.localdate()
    blockers = []
    notice = proposed_notice(cycle)
    if notice is None:
        blockers.append(_("请先公示拟奖励名单(第十九条第六项)。"))
    elif notice.ends_on >= today:
        blockers.append(_("拟奖励名单公示期至 %(date)s 结束。") % {"date": date_text(notice.ends_on)})
    n_open = open_objections(cycle).count()
    if n_open:
        blockers.append(_("还有 %(n)s 件异议未处理。") % {"n": n_open})
    return blockers


def decision_stage_blockers(cycle, target, *, today=None):
    """The decision stage's preconditions for `cycle_stage_blockers` (SPEC §2, §9): objections to a notice are
    resolved before the cycle moves on; the deliberation comes before the notice (Art. 8(三)); the notice window
    has ended before the approval (Art. 19(六)(七)); the approval before the awards."""
    blockers = []
    if target == CycleStage.DOCUMENT_REVIEW:
        n_open = open_objections(cycle).filter(notice__kind=NoticeKind.QUALIFICATION).count()
        if n_open:
            blockers.append(_("资格审查合格名单还有 %(n)s 件异议未处理。") % {"n": n_open})
    if target == CycleStage.PUBLIC_NOTICE and not Deliberation.objects.filter(cycle=cycle).exists():
        blockers.append(_("请先记录领导小组对候选名单的审议(第八条第三项)。"))
    if target == CycleStage.APPROVAL:
        blockers += approval_blockers(cycle, today=today)
    if target == CycleStage.AWARDED:
        if not Approval.objects.filter(cycle=cycle).exists():
            blockers.append(_("请先记录市政府的批准决定(第十九条第七项)。"))
        if cycle.applications.filter(state=ApplicationState.PROPOSED).exists():
            blockers.append(_("还有拟奖励对象未颁发奖项。"))
    return blockers
