"""The expert's pages: pledge first (Art. 26), then assignments, scoring, declining, declaring conflicts, the
consensus round for panel leaders, and site review."""
from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import client_ip
from accounts.kept_pages import kept_page
from accounts.models import Role
from accounts.permissions import role_required
from accounts.refusals import refusal_show
from award.models import SelfAssessment

from .. import services
from ..aggregation import item_points
from ..bands import band_guide, band_index
from ..forms import ConflictDeclareForm, ConsensusForm, PledgeForm, ReasonForm, ScorecardForm
from ..models import (
    Assignment,
    ConsensusScore,
    DocumentResult,
    Panel,
    Scorecard,
    ScorecardState,
    ScoreLayer,
    SiteVisit,
)
from ..peers import peer_labels
from ..permissions import can_lead_consensus, can_open_application, can_score, has_pledged
from ..selectors import (
    assignments_for_expert,
    current_cycle_for_expert,
    cycles_for_agency,
    cycles_for_expert,
    peer_scorecards,
    standard_items,
    standard_layout,
)
from ..services.agency import PLEDGE_TEXT
from ..services.pool import profile_is_complete
from .common import application_checked, forbid

expert_required = role_required(Role.EXPERT)


@expert_required
@kept_page
def expert_dashboard(request):
    cycle = current_cycle_for_expert(user=request.user)
    if cycle is None:
        return render(request, "review/expert/dashboard.html", {"cycle": None})
    if not has_pledged(request.user, cycle.pk):
        return redirect("review:pledge_sign")
    assignments = assignments_for_expert(user=request.user, cycle=cycle)
    led = Panel.objects.filter(cycle=cycle, leader=request.user).first()
    consensus = []
    if led:
        consensus = DocumentResult.objects.filter(
            Q(spread_flagged=True) | Q(consensus_requested_at__isnull=False),
            application__cycle=cycle, application__sector=led.sector, confirmed_at__isnull=True,
        ).exclude(application__review_conflicts__expert=request.user).select_related("application")
    visits = SiteVisit.objects.filter(members__expert=request.user, application__cycle=cycle).exclude(
        application__review_conflicts__expert=request.user).select_related("application")
    assignments = list(assignments)
    return render(request, "review/expert/dashboard.html", {
        "cycle": cycle, "assignments": assignments, "panel": led, "consensus": consensus, "visits": visits,
        "all_submitted": all(getattr(a, "scorecard", None) and a.scorecard.state == "submitted"
                             for a in assignments),
    })


@role_required(Role.EXPERT, Role.AGENCY)
def pledge_sign(request):
    """The pledge of the cycle the expert (or the agency's staff member) works in, or of the cycle named by
    `?cycle=` (the 403 page of an application links to its own cycle's pledge) when they serve in it."""
    agency = request.user.role == Role.AGENCY
    home = "review:agency_dashboard" if agency else "review:expert_dashboard"
    mine = cycles_for_agency(user=request.user) if agency else cycles_for_expert(user=request.user)
    if "cycle" in request.GET:
        cycle_pk = request.GET["cycle"]
        if not cycle_pk.isdigit():
            raise Http404
        cycle = get_object_or_404(mine, pk=int(cycle_pk))
    elif agency:
        cycle = mine.order_by("-number").first()
    else:
        cycle = current_cycle_for_expert(user=request.user)
    if cycle is None:
        return redirect(home)
    if has_pledged(request.user, cycle.pk):
        return redirect(home)
    if not agency and not profile_is_complete(request.user):
        messages.info(request, _("签署保密与回避承诺前,请先完善并确认个人资料。"))
        return redirect("review:expert_profile")
    form = PledgeForm(request.POST or None, initial={"signed_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_sign(cycle=cycle, expert=request.user, signed_name=form.cleaned_data["signed_name"],
                                 by=request.user, ip=client_ip(request))
        except services.ReviewError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("承诺已签署。"))
            return redirect(f"{reverse(home)}?cycle={cycle.pk}" if agency else home)
    return render(request, "review/pledge/sign.html", {"cycle": cycle, "form": form, "text": PLEDGE_TEXT})


def _assignment_checked(request, pk):
    assignment = get_object_or_404(Assignment.objects.select_related(
        "application__cycle__organization_standard", "application__cycle__individual_standard"), pk=pk)
    verdict = can_score(request.user, assignment)
    if not verdict:
        forbid(request, verdict, assignment.application)
    return assignment


def _scorecard_initial(card, *, comments=True):
    """The form's initial values and the card's scores (one query each), for a GET or a refused POST."""
    scores = list(card.items.all())
    initial = {f"item_{s.item_id}": s.percentage for s in scores}
    if comments:
        for c in card.comments.all():
            initial[f"strengths_{c.category_id}"] = c.strengths
            initial[f"improvements_{c.category_id}"] = c.improvements
    return initial, scores


@expert_required
def scorecard_edit(request, pk):
    """SPEC §7: the application beside the standard; drafts save, submit locks. Flat: the standard's items and
    categories in one query, the card's scores in one, the peers' totals in one (issue 12).

    Issue 9 point 5: each item is typed as a percentage beside its maximum, its computed points and its six bands;
    the category's self-assessment and evidence sit beside it; a refused value is named next to its field. A draft
    saved by static/js/review-scoring.js (header X-Requested-With: fetch) is answered with JSON — the figures the
    server computed, or the errors per field — so the page keeps its focus; without JavaScript the same POST
    redirects (or shows the errors), as before."""
    assignment = _assignment_checked(request, pk)
    application = assignment.application
    items, categories = standard_layout(application)
    fetch = request.headers.get("X-Requested-With") == "fetch"
    if request.method == "POST":
        form = ScorecardForm(request.POST, items=items, categories=categories)
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                # The save finds (or on first use opens) the assignment's card and checks everything again.
                card = services.scorecard_save(assignment=assignment, percentages=form.percentages(),
                                               comments=form.comments(), submit=submit, by=request.user,
                                               ip=client_ip(request), layout=(items, categories))
            except services.ReviewError as error:
                if fetch and not submit:
                    return JsonResponse({"ok": False, "message": str(error), "errors": {}}, status=409)
                refusal_show(request, error)
                return redirect("review:scorecard_edit", pk=assignment.pk)
            if fetch and not submit:
                return _saved_json(card, items, form.percentages())
            messages.success(request, _("评分已提交并锁定。") if submit else _("草稿已保存。"))
            return redirect("review:scorecard_edit", pk=assignment.pk)
        if fetch and not submit:
            return _refused_json(form)
        card = services.scorecard_open(assignment=assignment, by=request.user)
        _initial, scores = _scorecard_initial(card)
    else:
        card = services.scorecard_open(assignment=assignment, by=request.user)
        initial, scores = _scorecard_initial(card)
        form = ScorecardForm(items=items, categories=categories, initial=initial)
    form.focus_first()
    return render(request, "review/scorecard/edit.html", {
        "assignment": assignment, "application": application, "card": card, "form": form,
        "sections": _sections(form, items, categories, scores,
                              assessments=SelfAssessment.objects.filter(application=application)
                              .select_related("category"),
                              evidence=list(application.evidence.all())),
        "figures": application.year_figures.all(),
        "peers": peer_scorecards(user=request.user, application=application),
        "locked": card.state != "draft", "deadline": application.cycle.document_scoring_deadline,
        "messages_js": _scoring_messages(),
    })


def _saved_json(card, items, percentages):
    """The figures of a saved draft as the server computed them (points = maximum × percentage)."""
    points, subtotals = {}, defaultdict(Decimal)
    for item in items:
        pct = percentages.get(item.pk)
        if pct is not None:
            value = item_points(item.points, pct)
            points[f"item_{item.pk}"] = str(value)
            subtotals[str(item.category_id)] += value
    return JsonResponse({
        "ok": True, "message": _("草稿已保存。"), "total": str(card.total), "points": points,
        "subtotals": {k: str(v) for k, v in subtotals.items()}, "errors": {},
    })


def _refused_json(form):
    return JsonResponse({
        "ok": False, "message": _("有 %(n)s 处需要修改,草稿未保存。") % {"n": len(form.errors)},
        "errors": {name: [str(m) for m in errors] for name, errors in form.errors.items()},
    }, status=400)


def _scoring_messages():
    """The client-side hints of static/js/review-scoring.js, translated here (the JS has no catalogue); the
    server repeats every check on save."""
    return {
        "invalid": _("请填写0到100之间的整数(得分比例的百分数)。"),
        "max": _("得分比例最高100%%(本条款满分%(points)s分),%(value)s%%超过了满分。"),
        "step": _("得分比例须为5%%的整数倍:%(value)s%%不是,可填%(low)s%%或%(high)s%%。"),
        "saving": _("正在保存……"), "saved": _("草稿已保存。"), "unsaved": _("有未保存的改动"),
        "failed": _("保存失败,请检查网络后重试;也可点击“保存草稿”按钮。"),
        "fix": _("请先修改标红的条款。"), "points": _("分"),
    }


def _sections(form, items, categories, scores, *, assessments=None, evidence=None):
    """The page's categories, each with its items (field, maximum, saved points, band guide, current band), its
    subtotal, its comment fields and — on the document scorecard — the applicant's self-assessment and evidence."""
    saved = {s.item_id: s for s in scores}
    category_of = {i.pk: i.category_id for i in items}
    subtotals = defaultdict(Decimal)
    for s in scores:
        subtotals[category_of.get(s.item_id)] += s.points
    guides = {nature: band_guide(nature) for nature in ("process", "result")}
    by_category = {a.category_id: a for a in assessments} if assessments is not None else None
    sections = []
    for category in categories:
        rows = []
        for item in (i for i in items if i.category_id == category.pk):
            field = form[f"item_{item.pk}"]
            score = saved.get(item.pk)
            rows.append({"item": item, "field": field, "points": score.points if score else None,
                         "band": band_index(score.percentage if score else None),
                         "guide": guides["result" if item.nature == "result" else "process"]})
        sections.append({
            "category": category, "rows": rows, "fields": [r["field"] for r in rows],
            "subtotal": subtotals.get(category.pk, 0),
            "nature": next((r["item"].get_nature_display() for r in rows), ""),
            "is_result": any(r["item"].nature == "result" for r in rows),
            "strengths": form[f"strengths_{category.pk}"] if f"strengths_{category.pk}" in form.fields else None,
            "improvements": form[f"improvements_{category.pk}"]
            if f"improvements_{category.pk}" in form.fields else None,
            "material": by_category is not None, "assessment": (by_category or {}).get(category.pk),
            "evidence": evidence or [],
        })
    return sections


@expert_required
@require_POST
def assignment_decline(request, pk):
    assignment = _assignment_checked(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写谢绝理由。"))
        return redirect("review:expert_dashboard")
    try:
        services.assignment_decline(assignment=assignment, reason=form.cleaned_data["reason"], by=request.user)
    except services.ReviewError as error:
        refusal_show(request, error)
    else:
        messages.success(request, _("已谢绝该评审任务,评审机构将另行安排。"))
    return redirect("review:expert_dashboard")


@expert_required
def conflict_declare(request, pk):
    """Art. 12: the expert declares a conflict on an application they were given."""
    application = application_checked(request, pk, can_open_application)
    form = ConflictDeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.conflict_declare(expert=request.user, application=application, type=form.cleaned_data["type"],
                                  reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, _("已申报回避,该申报将不再向您显示。"))
        return redirect("review:expert_dashboard")
    return render(request, "review/conflict/declare.html", {"application": application, "form": form})


@expert_required
def consensus_edit(request, pk):
    """SPEC §7: the panel leader records a consensus percentage and reason per item after a large spread."""
    application = application_checked(request, pk, can_lead_consensus)
    items = standard_items(application)
    initial = {}
    for c in ConsensusScore.objects.filter(application=application):
        initial[f"item_{c.item_id}"], initial[f"reason_{c.item_id}"] = c.percentage, c.reason
    form = ConsensusForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.consensus_record(application=application, scores=form.scores(), by=request.user)
        except services.ReviewError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("共识评分已保存。"))
            return redirect("review:consensus_edit", pk=application.pk)
    cards = peer_scorecards_all(application)
    rows = []
    for item in items:
        rows.append({"item": item, "field": form[f"item_{item.pk}"], "reason": form[f"reason_{item.pk}"],
                     "scores": [c.by_item.get(item.pk) for c in cards]})
    return render(request, "review/consensus/edit.html", {
        "application": application, "form": form, "rows": rows, "cards": cards,
        "result": getattr(application, "document_result", None),
    })


def peer_scorecards_all(application):
    cards = list(Scorecard.objects.filter(application=application, layer=ScoreLayer.DOCUMENT,
                                          state=ScorecardState.SUBMITTED).prefetch_related("items").order_by("assignment_id"))
    labels = peer_labels(application)  # the same 专家A, 专家B… as on the discussion page
    for card in cards:
        card.label = labels.get(card.expert_id, "—")
        card.by_item = {s.item_id: s.percentage for s in card.items.all()}
    return cards
