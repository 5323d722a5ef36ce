"""The agency's pages (Art. 10): panels, the assignment proposal and its manual changes, reopening scores,
site visits and survey respondents."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.kept_pages import kept_page
from accounts.models import Role
from accounts.permissions import role_required
from accounts.refusals import refusal_show
from award.models import ApplicationState

from .. import services
from ..forms import PanelForm, ReasonForm, RespondentsForm, SiteVisitForm
from ..models import Assignment, Panel, PanelMember, Respondent, Scorecard, SiteVisit
from ..permissions import can_act_as_agency, can_open_application, has_pledged
from ..reminders import expert_reminder_send, overdue_reminders_send
from ..selectors import cycle_for_agency, pending_counts, review_applications
from ..selectors import expert_progress as progress_rows
from ..services.proposal import proposal_facts, shortfall
from ..services.survey import survey_summary
from .common import application_checked, current_cycle_or_404, forbid

agency_required = role_required(Role.AGENCY)


def _cycle_for_agency(request):
    """The agency's cycle, or the one `?cycle=` names (still checked: the agency must have served it)."""
    if request.GET.get("cycle") or request.POST.get("cycle"):
        return _checked(request, current_cycle_or_404(request))
    cycle = cycle_for_agency(user=request.user)
    if cycle is None:
        raise Http404("no cycle")
    return _checked(request, cycle)


def _checked(request, cycle):
    return cycle, can_act_as_agency(request.user, cycle)


DASHBOARD_PAGE_SIZE = 25


@agency_required
@kept_page
def agency_dashboard(request):
    """SPEC §7: the applications under review, a page at a time, each with its experts (load and reason), the
    fewer-than-K warning and its causes; one expert list per panel feeds every row's add and swap fields."""
    cycle, verdict = _cycle_for_agency(request)
    if not verdict and verdict.link and not has_pledged(request.user, cycle.pk):
        return redirect(verdict.link)  # Art. 26: the agency's staff sign the cycle's pledge first
    if not verdict:
        return forbid(request, verdict)
    page_obj = Paginator(review_applications(cycle=cycle), DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    applications = list(page_obj.object_list)
    facts = proposal_facts(cycle=cycle, applications=applications)
    panels = {p.sector: p for p in Panel.objects.filter(cycle=cycle).select_related("leader")}
    for app in applications:
        app.panel = panels.get(app.sector)
        app.shortfall = shortfall(application=app, facts=facts) if app.state == ApplicationState.QUALIFIED else None
    pickers = [{"sector": sector, "id": f"experts-{sector}",
                "experts": [(e, facts.loads[e.pk]) for e in experts]}
               for sector, experts in sorted(facts.members.items())]
    return render(request, "review/agency/dashboard.html", {
        "cycle": cycle, "applications": applications, "page_obj": page_obj, "panels": panels.values(),
        "pickers": pickers, "loads": facts.loads, "counts": pending_counts(cycle=cycle),
        "reason_form": ReasonForm(),
    })


@agency_required
@kept_page
def panel_manage(request):
    cycle, verdict = _cycle_for_agency(request)
    if not verdict:
        return forbid(request, verdict)
    form = PanelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            panel = services.panel_save(cycle=cycle, sector=data["sector"], name=data["name"], by=request.user)
            for expert in data["members"]:
                services.panel_member_add(panel=panel, expert=expert, by=request.user)
            if data["leader"]:
                services.panel_member_add(panel=panel, expert=data["leader"], by=request.user)
                services.panel_save(cycle=cycle, sector=data["sector"], name=data["name"], leader=data["leader"],
                                    by=request.user)
        except services.ReviewError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("评审组已保存。"))
            return redirect("review:panel_manage")
    panels = Panel.objects.filter(cycle=cycle).select_related("leader").prefetch_related(
        Prefetch("members", queryset=PanelMember.objects.select_related("expert", "expert__expert_profile")))
    return render(request, "review/panel/manage.html", {"cycle": cycle, "form": form, "panels": panels})


@agency_required
@require_POST
def assignments_propose(request):
    cycle, verdict = _cycle_for_agency(request)
    if not verdict:
        return forbid(request, verdict)
    created = services.assignments_propose(cycle=cycle, by=request.user)
    messages.success(request, _("已生成分配建议 %(n)s 条(已自动排除存在利害关系的专家)。") % {"n": len(created)})
    return redirect("review:agency_dashboard")


@agency_required
@require_POST
def assignments_confirm(request):
    cycle, verdict = _cycle_for_agency(request)
    if not verdict:
        return forbid(request, verdict)
    n = services.assignments_confirm(cycle=cycle, by=request.user)
    messages.success(request, _("已确认 %(n)s 条分配并通知专家。") % {"n": n})
    return redirect("review:agency_dashboard")


def _picked_expert(request):
    """The expert typed or chosen in a row's picker (its username), or None with a message."""
    username = (request.POST.get("expert") or "").split(" ", 1)[0].strip()
    expert = get_user_model().objects.filter(role=Role.EXPERT, username=username).first() if username else None
    if expert is None:
        messages.error(request, _("请从列表中选择一位专家。"))
    return expert


@agency_required
@require_POST
def assignment_add(request, pk):
    application = application_checked(request, pk, can_open_application)
    expert = _picked_expert(request)
    if expert is not None:
        try:
            services.assignment_add(application=application, expert=expert, by=request.user)
        except services.ReviewError as error:
            refusal_show(request, error)
        else:
            messages.success(request, _("已添加专家(待确认)。"))
    return _back_to_dashboard(request)


@agency_required
@require_POST
def assignment_swap(request, pk):
    """SPEC §7: replace one expert by another, with the conflict check and a reason."""
    assignment = get_object_or_404(Assignment, pk=pk)
    application_checked(request, assignment.application_id, can_open_application)
    expert = _picked_expert(request)
    form = ReasonForm(request.POST)
    if expert is not None and not form.is_valid():
        messages.error(request, _("请填写调整理由。"))
    elif expert is not None:
        try:
            services.assignment_swap(assignment=assignment, expert=expert, reason=form.cleaned_data["reason"],
                                     by=request.user)
        except services.ReviewError as error:
            refusal_show(request, error)
        else:
            messages.success(request, _("已调换专家。"))
    return _back_to_dashboard(request)


def _back_to_dashboard(request):
    """Back to the page of the dashboard the form was on (a page number only, never a URL from the form)."""
    page = request.POST.get("page", "")
    return redirect(reverse("review:agency_dashboard") + (f"?page={int(page)}" if page.isdigit() else ""))


@agency_required
@require_POST
def assignment_remove(request, pk):
    assignment = get_object_or_404(Assignment, pk=pk)
    application_checked(request, assignment.application_id, can_open_application)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写调整理由。"))
    else:
        try:
            services.assignment_remove(assignment=assignment, reason=form.cleaned_data["reason"], by=request.user)
        except services.ReviewError as error:
            refusal_show(request, error)
        else:
            messages.success(request, _("已撤销该分配。"))
    return redirect("review:agency_dashboard")


@agency_required
@require_POST
def scorecard_reopen(request, pk):
    card = get_object_or_404(Scorecard, pk=pk)
    application_checked(request, card.application_id, can_open_application)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写退回理由。"))
    else:
        try:
            services.scorecard_reopen(scorecard=card, reason=form.cleaned_data["reason"], by=request.user)
        except services.ReviewError as error:
            refusal_show(request, error)
        else:
            messages.success(request, _("评分表已退回专家修改。"))
    return redirect("review:agency_dashboard")


@agency_required
def site_visit_schedule(request, pk):
    application = application_checked(request, pk, can_open_application)
    experts = get_user_model().objects.filter(
        panel_memberships__panel__cycle=application.cycle_id, panel_memberships__panel__sector=application.sector
    ).exclude(review_conflicts__application=application).distinct().order_by("id")
    visit = SiteVisit.objects.filter(application=application).first()
    initial = {}
    if visit:
        initial = {"scheduled_for": visit.scheduled_for, "leader": visit.leader,
                   "members": [m.expert for m in visit.members.all()]}
    form = SiteVisitForm(request.POST or None, experts=experts, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.site_visit_schedule(application=application, leader=data["leader"], members=data["members"],
                                         scheduled_for=data["scheduled_for"], by=request.user)
        except services.ReviewError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("现场评审已安排并通知评审组成员。"))
            return redirect("review:agency_dashboard")
    return render(request, "review/site/schedule.html", {"application": application, "form": form,
                                                         "visit": visit,
                                                         "not_in_review": application.state != ApplicationState.SITE_REVIEW})


@agency_required
def respondents_manage(request, pk):
    application = application_checked(request, pk, can_open_application)
    form = RespondentsForm(request.POST or None, kind=application.kind)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.respondents_add(application=application, rows=form.cleaned_data["rows"],
                                               by=request.user)
        except services.ReviewError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("已添加 %(n)s 名测评对象并发送测评链接。") % {"n": len(created)})
            return redirect("review:respondents_manage", pk=application.pk)
    respondents = list(Respondent.objects.filter(application=application))
    return render(request, "review/survey/respondents.html", {
        "application": application, "form": form, "respondents": respondents,
        "paper": sum(1 for r in respondents if not r.email and not r.answered_at),
        "summary": survey_summary(application=application),
    })


@agency_required
def expert_progress(request):
    """Issue 9 point 4: each expert's work in the cycle — assigned, drafted, submitted, site seats — and who is
    overdue against the cycle's scoring deadlines, with a reminder button per expert and one for all overdue."""
    cycle, verdict = _cycle_for_agency(request)
    if not verdict:
        return forbid(request, verdict)
    rows = progress_rows(cycle=cycle)
    return render(request, "review/agency/progress.html", {
        "cycle": cycle, "rows": rows, "overdue": sum(1 for r in rows if r["overdue"]),
    })


@agency_required
@require_POST
def expert_remind(request):
    """One reminder to the expert named by `expert` (a pk), or to every overdue expert when `expert=overdue`.
    Reversible and harmless, so no confirmation page; at most one reminder a day per expert (the outbox key), so a
    replayed POST sends nothing more."""
    cycle, verdict = _cycle_for_agency(request)
    if not verdict:
        return forbid(request, verdict)
    wanted = request.POST.get("expert", "")
    back = redirect(reverse("review:expert_progress") + (f"?cycle={cycle.number}" if request.POST.get("cycle") else ""))
    if wanted == "overdue":
        sent, skipped = overdue_reminders_send(cycle=cycle, by=request.user)
        if sent:
            messages.success(request, _("已向 %(n)s 位逾期专家发送提醒。") % {"n": sent})
        if skipped:
            messages.info(request, _("%(n)s 位专家今天已提醒过,未重复发送。") % {"n": skipped})
        if not sent and not skipped:
            messages.info(request, _("没有逾期未提交评分的专家。"))
        return back
    expert = (get_user_model().objects.filter(role=Role.EXPERT, pk=int(wanted)).first()
              if wanted.isdigit() else None)
    if expert is None:
        messages.error(request, _("请从列表中选择一位专家。"))
        return back
    try:
        sent = expert_reminder_send(cycle=cycle, expert=expert, by=request.user)
    except services.ReviewError as error:
        refusal_show(request, error)
    else:
        if sent:
            messages.success(request, _("已提醒%(expert)s。") % {"expert": expert})
        else:
            messages.info(request, _("今天已提醒过%(expert)s,未重复发送。") % {"expert": expert})
    return back
