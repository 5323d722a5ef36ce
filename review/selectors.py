"""Reads of the review app (STYLE §1). The expert's queries exclude what Art. 12 and 26 keep from them."""
import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.utils import timezone

from accounts.models import Notification, Role
from award.models import (
    Application,
    ApplicationState,
    Cycle,
    CycleStage,
    Recusal,
    StandardCategory,
    StandardItem,
    award_kind_order,
)

from .aggregation import band_for, truncate
from .feedback_figures import MIN_SHORTLISTED, feedback_chart, shortlisted_category_means
from .models import (
    Assignment,
    AssignmentState,
    CategoryComment,
    Conflict,
    Correction,
    ItemScore,
    PanelMember,
    Pledge,
    Scorecard,
    ScorecardState,
    ScoreLayer,
    SiteTeamMember,
)

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

# A cycle in these stages is being run; a closed one (or one still being drafted) is not "current".
_IDLE_STAGES = (CycleStage.DRAFT, CycleStage.CLOSED)


def _newest_running(cycles):
    return cycles.exclude(stage__in=_IDLE_STAGES).order_by("-number").first() or cycles.order_by("-number").first()


# The stages in which the agency, its experts and the office's review pages have work (Art. 19(三)(四)).
_REVIEW_STAGES = (CycleStage.QUALIFICATION, CycleStage.DOCUMENT_REVIEW, CycleStage.SITE_REVIEW)


def cycle_under_review():
    """The cycle under review: the newest one in qualification, document or site review; else the newest one that
    is neither drafted nor closed (else the newest one). While a later cycle already takes applications, the
    review pages stay on the cycle whose review is under way."""
    reviewing = Cycle.objects.filter(stage__in=_REVIEW_STAGES).order_by("-number").first()
    return reviewing or _newest_running(Cycle.objects.all())


def cycle_choices():
    """The cycles whose review pages, exports and reports the office may open (all but drafts), newest first."""
    return Cycle.objects.exclude(stage=CycleStage.DRAFT).order_by("-number")


def cycles_for_agency(*, user):
    """The cycles whose entrusted agency lists the user (the pledges they may sign)."""
    return Cycle.objects.filter(agency__members__user=user)


def cycle_for_agency(*, user):
    """The cycle the agency user acts for: the newest running cycle whose agency lists them (Art. 9, 10)."""
    return _newest_running(Cycle.objects.filter(agency__members__user=user)) or cycle_under_review()


def _not_conflicted(user):
    return ~Exists(Conflict.objects.filter(application=OuterRef("application"), expert=user)) & ~Exists(
        Recusal.objects.filter(application=OuterRef("application"), user=user)
    )


def assignments_for_expert(*, user, cycle=None):
    """Art. 12, 26: the expert's live assignments, none on a conflicted application, none before the pledge."""
    qs = Assignment.objects.filter(expert=user, state__in=[AssignmentState.ACTIVE]).filter(_not_conflicted(user))
    qs = qs.filter(Exists(Pledge.objects.filter(expert=user, cycle=OuterRef("application__cycle"))))
    if cycle is not None:
        qs = qs.filter(application__cycle=cycle)
    return qs.select_related("application", "application__cycle").prefetch_related(
        Prefetch("scorecard", queryset=Scorecard.objects.all())
    ).order_by("application_id")


def applications_for_expert(*, user, cycle=None):
    """Art. 12, 26: the applications the expert may open — actively assigned, pledge signed, never conflicted."""
    ids = assignments_for_expert(user=user, cycle=cycle).values("application_id")
    return (
        Application.objects.filter(pk__in=ids)
        .exclude(review_conflicts__expert=user)
        .exclude(recusals__user=user)
        .order_by("id")
    )


def bid_applications_for_expert(*, user, cycle):
    """SPEC §7, Art. 12: the applications in document review of the panels the expert sits in, that they are not
    conflicted with and not yet assigned to — what they may bid on (only when the cycle takes bids)."""
    if not cycle.bids_enabled:
        return Application.objects.none()
    sectors = PanelMember.objects.filter(panel__cycle=cycle, expert=user).values("panel__sector")
    return (Application.objects.filter(cycle=cycle, state="qualified", sector__in=sectors)
            .exclude(review_conflicts__expert=user).exclude(recusals__user=user)
            .exclude(Exists(Assignment.objects.filter(application=OuterRef("pk"), expert=user, state__in=(
                AssignmentState.PROPOSED, AssignmentState.ACTIVE))))
            .order_by("id"))


def review_applications(*, cycle):
    """Every application of the cycle that entered document review, with its assignments and its state — still
    in play or final (for the agency and the office; the record stays whole)."""
    return (
        Application.objects.filter(cycle=cycle, state__in=REVIEWED_STATES)
        .select_related("document_result")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("expert", "scorecard").order_by("id"),
            )
        )
        .annotate(conflict_count=Count("review_conflicts", distinct=True))
        .order_by("sector", "id")
    )


def peer_scorecards(*, user, application):
    """SPEC §7: other experts' submitted scores on an application, shown only after the user submitted theirs."""
    cards = list(Scorecard.objects.filter(application=application, layer=ScoreLayer.DOCUMENT,
                                          state=ScorecardState.SUBMITTED).order_by("id"))  # one query
    if not any(c.expert_id == user.pk for c in cards):
        return []
    return [c for c in cards if c.expert_id != user.pk]


def category_subtotals(card):
    """Category id → points of one scorecard."""
    totals = defaultdict(Decimal)
    for s in card.items.all():
        totals[s.item.category_id] += s.points
    return totals


def feedback_for(*, application):
    """Art. 19(三): what the applicant is told — result, bar, band, per-category mean subtotals and the experts'
    strengths and improvements, without anyone's name (ordered by category, then text)."""
    result = getattr(application, "document_result", None)
    cards = list(
        Scorecard.objects.filter(application=application, layer=ScoreLayer.DOCUMENT, state=ScorecardState.SUBMITTED)
        .prefetch_related(Prefetch("items", queryset=ItemScore.objects.select_related("item")))
    )
    comments = CategoryComment.objects.filter(scorecard__in=cards)
    scale = application.standard.total_points
    categories = []
    for category in standard_categories(application):
        subtotals = [category_subtotals(c).get(category.pk, Decimal(0)) for c in cards]
        mean = truncate(sum(subtotals, Decimal(0)) / len(subtotals)) if subtotals else None
        mine = [c for c in comments if c.category_id == category.pk]
        categories.append({
            "category": category,
            "mean": mean,
            "strengths": sorted(c.strengths for c in mine if c.strengths),
            "improvements": sorted(c.improvements for c in mine if c.improvements),
        })
    score = result.result if result else None
    means, shortlisted = shortlisted_category_means(application=application)
    for row in categories:
        row["shortlisted_mean"] = means.get(row["category"].pk)
    return {
        "application": application,
        "result": result,
        "scale": scale,
        "chart": feedback_chart(categories=categories, means=means),
        "shortlisted": shortlisted,
        "shortlisted_shown": bool(means),
        "min_shortlisted": MIN_SHORTLISTED,
        "band": band_for(score * 100 / scale) if score is not None else "",
        "categories": categories,
        "expert_totals": [c.total for c in cards],
    }


def score_matrix(*, cycle):
    """Rows for the office's xlsx: one per submitted document scorecard, columns per item of the standard. The
    scorecards and their item scores are read in two queries and the items once per standard, however many
    applications the cycle holds."""
    cards = (
        Scorecard.objects.filter(application__cycle=cycle, application__state__in=REVIEWED_STATES,
                                 layer=ScoreLayer.DOCUMENT)
        .exclude(state=ScorecardState.DRAFT)
        .select_related("application", "application__cycle", "expert")
        .prefetch_related("items")
        .order_by(award_kind_order("application__kind"), "application_id", "id")
    )
    items_by_standard = {}
    rows = []
    for card in cards:
        application = card.application
        cycle_row = application.cycle
        standard_id = (cycle_row.organization_standard_id if application.kind == "organization"
                       else cycle_row.individual_standard_id)
        if standard_id not in items_by_standard:
            items_by_standard[standard_id] = standard_items(application)
        items = items_by_standard[standard_id]
        by_item = {s.item_id: s.points for s in card.items.all()}
        rows.append({
            "application": application, "card": card, "items": items,
            "points": [by_item.get(i.pk) for i in items],
        })
    return rows


def conflicts_for_cycle(*, cycle):
    return Conflict.objects.filter(application__cycle=cycle).select_related("expert", "application").order_by(
        "application_id", "expert_id")


def corrections_for_cycle(*, cycle):
    """Issue 8: the cycle's result corrections, newest first, for the office and the supervision record."""
    return (Correction.objects.filter(cycle=cycle)
            .select_related("application", "opened_by", "closed_by").order_by("-opened_at", "-id"))


def pending_counts(*, cycle):
    return Assignment.objects.filter(application__cycle=cycle).aggregate(
        proposed=Count("id", filter=Q(state=AssignmentState.PROPOSED)),
        active=Count("id", filter=Q(state=AssignmentState.ACTIVE)),
        submitted=Count("id", filter=Q(scorecard__state=ScorecardState.SUBMITTED)),
    )


def current_cycle_for_expert(*, user):
    """The cycle an expert works in: the newest running cycle with a panel seat or an assignment for them (a
    pledge is per cycle), else the current cycle."""
    return _newest_running(cycles_for_expert(user=user)) or cycle_under_review()


def cycles_for_expert(*, user):
    """The cycles in which an expert holds a panel seat or an assignment: the ones whose pledge they may sign."""
    mine = Cycle.objects.filter(Q(panels__members__expert=user) | Q(applications__assignments__expert=user))
    return Cycle.objects.filter(pk__in=mine.values("pk"))


def expert_pool(*, q="", sector=""):
    """SPEC §6: the pool's experts with their profiles, filtered by name, employer or keyword and by sector."""
    experts = get_user_model().objects.filter(role=Role.EXPERT).select_related("expert_profile")
    if q:
        experts = experts.filter(Q(full_name__icontains=q) | Q(username__icontains=q)
                                 | Q(expert_profile__affiliation__icontains=q)
                                 | Q(expert_profile__keywords__icontains=q))
    if sector:
        experts = experts.filter(expert_profile__sectors__contains=[sector])
    return experts.order_by("full_name", "id")


def conflict_matrix(*, cycle, sector, applications_page):
    """Art. 12: the matrix of one panel: its experts as columns, the page's applications of that sector as rows,
    each cell the list of recorded conflicts (source, type, matched code, reason with its dates). Four queries."""
    experts = [m.expert for m in PanelMember.objects.filter(panel__cycle=cycle, panel__sector=sector)
               .select_related("expert").order_by("expert__full_name", "expert_id")]
    applications = list(applications_page)
    cells = defaultdict(list)
    for conflict in Conflict.objects.filter(application__in=[a.pk for a in applications],
                                            expert__in=[e.pk for e in experts]).order_by("found_at", "id"):
        cells[(conflict.application_id, conflict.expert_id)].append(conflict)
    rows = [{"application": a, "cells": [cells.get((a.pk, e.pk), []) for e in experts]} for a in applications]
    return {"experts": experts, "rows": rows,
            "conflicted": sum(1 for r in rows for c in r["cells"] if c)}


def matrix_applications(*, cycle, sector):
    return Application.objects.filter(cycle=cycle, state__in=REVIEWED_STATES, sector=sector).order_by("id")


def work_record_for_expert(*, user):
    """Art. 26: what the expert did, kept for good once the material is gone — each of their document
    assignments and site-team scorecards with its cycle and state, newest cycle first. Only their own cards;
    no applicant material (the applicant's name and reference identify the work)."""
    assignments = (
        Assignment.objects.filter(expert=user).exclude(state=AssignmentState.PROPOSED)
        .select_related("application__cycle", "scorecard")
        .order_by("-application__cycle__number", "application_id")
    )
    site_cards = (
        Scorecard.objects.filter(expert=user, layer=ScoreLayer.SITE)
        .select_related("application__cycle")
        .order_by("-application__cycle__number", "application_id")
    )
    return {"assignments": list(assignments), "site_cards": list(site_cards)}


def expert_progress(*, cycle, today=None):
    """Issue 9 point 4: one row per expert with work in the cycle — document assignments (assigned, drafted,
    submitted) and site-team seats (seats, submitted) — with what is left and whether it is overdue against the
    cycle's document or site scoring deadline (the deadline day itself is still on time). Four queries whatever
    the number of experts: the two layers' counts grouped by expert, the experts, their last agency reminder."""
    today = today or timezone.localdate()
    drafted = Exists(ItemScore.objects.filter(scorecard__assignment=OuterRef("pk")))
    document = (Assignment.objects.filter(application__cycle=cycle, state=AssignmentState.ACTIVE)
                .values("expert_id").order_by("expert_id")
                .annotate(assigned=Count("id"),
                          submitted=Count("id", filter=Q(scorecard__state=ScorecardState.SUBMITTED)),
                          drafted=Count("id", filter=Q(drafted) & Q(scorecard__state=ScorecardState.DRAFT))))
    site_done = Exists(Scorecard.objects.filter(site_visit=OuterRef("visit"), expert=OuterRef("expert"),
                                                layer=ScoreLayer.SITE, state=ScorecardState.SUBMITTED))
    site = (SiteTeamMember.objects.filter(visit__application__cycle=cycle).values("expert_id").order_by("expert_id")
            .annotate(seats=Count("id"), submitted=Count("id", filter=Q(site_done))))
    rows = defaultdict(lambda: {"assigned": 0, "drafted": 0, "submitted": 0, "site_seats": 0, "site_submitted": 0})
    for r in document:
        rows[r["expert_id"]].update(assigned=r["assigned"], drafted=r["drafted"], submitted=r["submitted"])
    for r in site:
        rows[r["expert_id"]].update(site_seats=r["seats"], site_submitted=r["submitted"])
    reminded = dict(Notification.objects.filter(
        event="reminder.scoring", recipient_id__in=list(rows), delivery_key__startswith=f"reminder:scoring:{cycle.pk}:"
    ).values("recipient_id").order_by("recipient_id").annotate(last=Max("created_at")).values_list("recipient_id",
                                                                                                   "last"))

    def late(deadline):
        return isinstance(deadline, datetime.date) and today > deadline

    result = []
    for expert in get_user_model().objects.filter(pk__in=list(rows)).order_by("full_name", "pk"):
        row = rows[expert.pk]
        row["expert"] = expert
        row["pending"] = row["assigned"] - row["submitted"]
        row["site_pending"] = row["site_seats"] - row["site_submitted"]
        row["document_overdue"] = row["pending"] > 0 and late(cycle.document_scoring_deadline)
        row["site_overdue"] = row["site_pending"] > 0 and late(cycle.site_scoring_deadline)
        row["overdue"] = row["document_overdue"] or row["site_overdue"]
        row["last_reminded"] = reminded.get(expert.pk)
        result.append(row)
    return result


def is_conflicted(*, user, application) -> bool:
    """Art. 12: any recorded conflict or recusal keeps the person away from the application."""
    return (
        Conflict.objects.filter(expert=user, application=application).exists()
        or Recusal.objects.filter(user=user, application=application).exists()
    )


def _standard_id(application):
    """The id of the application's standard without loading it (the cycle is usually loaded already)."""
    cycle = application.cycle
    return cycle.organization_standard_id if application.kind == "organization" else cycle.individual_standard_id


def standard_items(application):
    return list(StandardItem.objects.filter(category__standard_id=_standard_id(application)).select_related("category")
                .order_by("category__position", "position"))


def standard_categories(application):
    return list(StandardCategory.objects.filter(standard_id=_standard_id(application)).order_by("position"))


def standard_layout(application):
    """(items, categories) of the application's standard in one query: the items in order, and the categories
    that hold them, in order (a scoring page and a save need both)."""
    items = standard_items(application)
    categories = list({i.category_id: i.category for i in items}.values())
    return items, categories
