"""The site team's pages (Art. 19(四)): the visit, each member's verified scores and the leader's report."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.confirmation import confirmation_given, confirmation_page
from accounts.http import client_ip
from accounts.permissions import deny
from accounts.refusals import refusal_show

from .. import services
from ..forms import ScorecardForm, SiteReportForm
from ..models import (
    SiteVisit,
)
from ..permissions import can_open_application
from ..selectors import (
    standard_layout,
)
from .common import application_checked, forbid
from .expert import (
    _refused_json,
    _saved_json,
    _scorecard_initial,
    _scoring_messages,
    _sections,
    expert_required,
)


@expert_required
def site_visit(request, pk):
    """The site team's page: the application, each member's verified-score status, the leader's report."""
    visit = get_object_or_404(SiteVisit.objects.select_related("application__cycle", "leader"), pk=pk)
    application_checked(request, visit.application_id, can_open_application)
    if not visit.members.filter(expert=request.user).exists():
        return forbid(request, services_verdict(_("您不是该现场评审组成员。")))
    form = SiteReportForm(request.POST or None, initial={"findings": visit.findings, "report": visit.report})
    if request.method == "POST" and form.is_valid():
        if not confirmation_given(request, action="site.report", key=visit.pk):
            return _site_report_confirmation(request, visit, form)
        try:
            services.site_report_submit(visit=visit, findings=form.cleaned_data["findings"],
                                        report=form.cleaned_data["report"], by=request.user)
        except services.ReviewError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("现场评审报告已提交。"))
            return redirect("review:site_visit", pk=visit.pk)
    cards = {c.expert_id: c for c in visit.scorecards.all()}
    members = [{"expert": m.expert, "card": cards.get(m.expert_id)} for m in visit.members.select_related("expert")]
    return render(request, "review/site/visit.html", {"visit": visit, "members": members, "form": form,
                                                      "is_leader": visit.leader_id == request.user.pk,
                                                      "not_yet": services.visit_not_yet(visit)})


def _site_report_confirmation(request, visit, form):
    """The leader's final step: what the report does, whether every member's verified score is in."""
    cards = {c.expert_id: c.state for c in visit.scorecards.all()}
    pending = [m.expert for m in visit.members.select_related("expert") if cards.get(m.expert_id) not in (
        "submitted", "void")]
    not_yet = services.visit_not_yet(visit)
    preconditions = [(not pending, _("评审组成员均已提交现场核实评分") if not pending else
                      _("尚未提交现场核实评分:%(names)s") % {"names": "、".join(str(e) for e in pending)})]
    if not_yet:
        preconditions.append((False, not_yet))
    back = reverse("review:site_visit", kwargs={"pk": visit.pk})
    return confirmation_page(
        request, action="site.report", key=visit.pk,
        title=_("提交现场评审报告:%(name)s") % {"name": visit.application.applicant_name},
        consequences=[_("现场评审得分按评审组成员提交的核实评分计算,报告送评审机构和领导小组办公室(第十九条第四项)。")],
        irreversible=_("报告提交后不能再修改,评审组也不能再调整。"),
        preconditions=preconditions, blocked=bool(pending or not_yet),
        summary=[(_("主要发现"), form.cleaned_data["findings"]), (_("现场评审报告"), form.cleaned_data["report"])],
        confirm_label=_("确认提交报告"), cancel_url=back)


def services_verdict(reason):
    return deny(reason)


@expert_required
def site_scorecard_edit(request, pk):
    """Art. 19(四): a site-team member's verified score on the same standard, with findings."""
    visit = get_object_or_404(SiteVisit.objects.select_related("application__cycle"), pk=pk)
    application = application_checked(request, visit.application_id, can_open_application)
    try:
        card = services.site_scorecard_open(visit=visit, by=request.user)
    except services.ReviewError as error:
        return forbid(request, services_verdict(str(error)), application)
    items, categories = standard_layout(application)
    initial, scores = _scorecard_initial(card, comments=False)
    initial["findings"] = card.findings
    form = ScorecardForm(request.POST or None, items=items, categories=categories, with_comments=False,
                         with_findings=True, initial=initial)
    fetch = request.headers.get("X-Requested-With") == "fetch" and request.POST.get("action") != "submit"
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        confirmed = submit and confirmation_given(request, action="site.score", key=card.pk)
        try:
            card = services.scorecard_save(scorecard=card, percentages=form.percentages(),
                                           findings=form.cleaned_data.get("findings", ""), submit=confirmed,
                                           by=request.user, ip=client_ip(request))
        except services.ReviewError as error:
            if fetch:
                return JsonResponse({"ok": False, "message": str(error), "errors": {}}, status=409)
            refusal_show(request, error)
        else:
            if fetch:
                return _saved_json(card, items, form.percentages())
            if submit and not confirmed:  # the draft is saved; the submit asks first (it locks the card)
                return _site_score_confirmation(request, visit, card)
            messages.success(request, _("现场评分已提交。") if submit else _("草稿已保存。"))
        return redirect("review:site_scorecard_edit", pk=visit.pk)
    if request.method == "POST" and fetch:
        return _refused_json(form)
    form.focus_first()
    return render(request, "review/site/score.html", {
        "visit": visit, "application": application, "card": card, "form": form,
        "sections": _sections(form, items, categories, scores), "locked": card.state != "draft",
        "deadline": application.cycle.site_scoring_deadline, "messages_js": _scoring_messages(),
        "not_yet": services.visit_not_yet(visit),
    })


def _site_score_confirmation(request, visit, card):
    """Submitting a site scorecard locks it: say so, list what is still missing, total and findings."""
    card.refresh_from_db()
    missing = services.scorecard_missing(card)
    return confirmation_page(
        request, action="site.score", key=card.pk,
        title=_("提交现场核实评分:%(name)s") % {"name": visit.application.applicant_name},
        consequences=[_("您的现场核实评分将计入该申报的现场评审得分(第十九条第四项),组长在全部成员提交后提交现场评审报告。")],
        irreversible=_("提交后评分表锁定,不能再修改;确需修改须由评审机构退回。"),
        preconditions=[(False, m) for m in missing] or [(True, _("全部条款均已评分,现场评审发现已填写"))],
        blocked=bool(missing), summary=[(_("当前总分"), f"{card.total} / {visit.application.standard.total_points}"),
                                        (_("现场评审发现"), card.findings or "—")],
        confirm_label=_("确认提交现场评分"), cancel_url=reverse("review:site_scorecard_edit", kwargs={"pk": visit.pk}))
