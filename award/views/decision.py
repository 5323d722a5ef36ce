"""The office's pages for the decision stage (SPEC §9–10): comprehensive review and candidates, the leading
group's deliberation and the proposed-list notice. Objections are in objections.py; approval, awards,
certificates and exports in awards.py.

Thin views: each reads through a selector, writes through a service and shows a refusal's reasons.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.confirmation import confirmation_given
from accounts.dates import date_text
from accounts.http import client_ip
from accounts.permissions import office_required
from accounts.refusals import refusal_show

from .. import services
from ..forms import DeliberationForm, NoticeForm, ProposalForm, VacancyForm
from ..models import (
    AwardKind,
    Cycle,
    CycleStage,
    Deliberation,
    NoticeKind,
    Proposal,
    award_kind_order,
)
from ..selectors import comprehensive_ranking, ranking_formula
from ..services.proposals import award_cap
from .common import cycle_for_reader, readers_required
from .office import notice_confirmation

# --- Comprehensive review -------------------------------------------------------------------------------------

def _slots(cycle):
    """Per award kind: its cap, the article, and the places taken (candidates and vacancies)."""
    taken = {}
    for proposal in Proposal.objects.filter(cycle=cycle).select_related("application"):
        taken.setdefault(proposal.award_kind, []).append(proposal)
    result = []
    for kind, label in AwardKind.choices:
        cap, article = award_cap(cycle, kind)
        places = taken.get(kind, [])
        result.append({"kind": kind, "label": label, "cap": cap, "article": article, "places": places,
                       "free": max(cap - len(places), 0)})
    return result


@office_required
def comprehensive_review(request, pk):
    """Art. 19(五): the ranking by the cycle's formula, the candidate places per award kind, and the forms."""
    cycle = get_object_or_404(Cycle.objects.select_related("organization_standard", "individual_standard"), pk=pk)
    return render(
        request,
        "award/decision/comprehensive.html",
        {
            "cycle": cycle,
            "ranking": comprehensive_ranking(cycle=cycle, user=request.user),
            "formula": ranking_formula(cycle),
            "slots": _slots(cycle),
            "deliberation": Deliberation.objects.filter(cycle=cycle).first(),
            "editable": cycle.stage == CycleStage.COMPREHENSIVE_REVIEW
            and not Deliberation.objects.filter(cycle=cycle).exists(),
            "award_kinds": AwardKind.choices,
            "vacancy_form": VacancyForm(),
        },
    )


@require_POST
@office_required
def proposal_create(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    form = ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择奖项。"))
        return redirect("award:comprehensive_review", pk=cycle.pk)
    application = get_object_or_404(cycle.applications.exclude(recusals__user=request.user),
                                    pk=form.cleaned_data["application"])
    try:
        proposal = services.proposal_create(
            cycle=cycle, application=application, award_kind=form.cleaned_data["award_kind"],
            remarks=form.cleaned_data["remarks"], by=request.user, ip=client_ip(request),
        )
    except services.WorkflowError as error:
        refusal_show(request, error)
    else:
        messages.success(
            request, _("已将“%(name)s”列入%(award)s候选名单(第 %(slot)s 个名额)。")
            % {"name": application.applicant_name, "award": proposal.get_award_kind_display(), "slot": proposal.slot},
        )
    return redirect("award:comprehensive_review", pk=cycle.pk)


@require_POST
@office_required
def proposal_vacancy(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    form = VacancyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择奖项并填写空缺理由。"))
        return redirect("award:comprehensive_review", pk=cycle.pk)
    try:
        services.proposal_vacancy_record(cycle=cycle, by=request.user, ip=client_ip(request), **form.cleaned_data)
    except services.WorkflowError as error:
        refusal_show(request, error)
    else:
        messages.success(request, _("空缺名额及理由已记录(第六条)。"))
    return redirect("award:comprehensive_review", pk=cycle.pk)


@require_POST
@office_required
def proposal_withdraw(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("cycle", "application"), pk=pk)
    try:
        services.proposal_withdraw(proposal=proposal, by=request.user, ip=client_ip(request))
    except services.WorkflowError as error:
        refusal_show(request, error)
    else:
        messages.success(request, _("已撤回该名额。"))
    return redirect("award:comprehensive_review", pk=proposal.cycle_id)


# --- Deliberation (Art. 8(三)) ------------------------------------------------------------------------------------

@office_required
def deliberation_record(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    candidates = list(
        Proposal.objects.filter(cycle=cycle, application__isnull=False).select_related("application")
    )
    form = DeliberationForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.deliberation_record(
                cycle=cycle, meeting_name=data["meeting_name"], held_on=data["held_on"],
                members_present=data["members_present"], summary=data["summary"], decisions=form.decisions(),
                by=request.user, ip=client_ip(request),
            )
        except services.WorkflowError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("审议结果已记录,拟奖励名单已形成。"))
            return redirect("award:deliberation_detail", pk=cycle.pk)
    return render(request, "award/decision/deliberation_form.html", {"cycle": cycle, "form": form})


@readers_required
def deliberation_detail(request, pk):
    """The deliberation and the proposed award list; the leading group and the supervisors read it too."""
    cycle = cycle_for_reader(request, pk)
    deliberation = Deliberation.objects.filter(cycle=cycle).select_related("recorded_by").first()
    decisions = (
        deliberation.decisions.select_related("proposal", "proposal__application") if deliberation else []
    )
    vacancies = Proposal.objects.filter(cycle=cycle, application__isnull=True)
    return render(
        request, "award/decision/deliberation_detail.html",
        {"cycle": cycle, "deliberation": deliberation, "decisions": decisions, "vacancies": vacancies},
    )


# --- Public notice of the proposed list (Art. 19(六)) ------------------------------------------------------------

@office_required
def proposed_notice_create(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    proposed = cycle.applications.filter(state="proposed").select_related("proposal").order_by(
        award_kind_order("proposal__award_kind"), "proposal__slot"
    )
    initial = {
        "title": _("%(cycle)s拟奖励名单公示") % {"cycle": cycle},
        "starts_on": timezone.localdate(),
        "body": _(
            "经综合评审和滨州市质量强市工作领导小组审议,拟授予以下组织和个人滨州市市长质量奖,现予公示。"
            "公示期间,任何单位和个人如有异议,可通过本页“提出异议”以实名方式提出,并提供联系方式和相关证据。"
        ),
    }
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not confirmation_given(request, action="notice.proposed", key=cycle.pk):
            return notice_confirmation(request, cycle=cycle, form=form, applications=list(proposed),
                                       action="notice.proposed", cancel_url=request.path)
        try:
            notice = services.notice_publish(
                cycle=cycle, kind=NoticeKind.PROPOSED_AWARDS, by=request.user,
                applications=list(proposed), **form.cleaned_data,
            )
        except services.WorkflowError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("拟奖励名单已公示,公示期至 %(date)s。") % {"date": date_text(notice.ends_on)})
            return redirect("award:notice_detail", pk=notice.pk)
    return render(
        request, "award/decision/notice_form.html", {"cycle": cycle, "form": form, "applications": proposed}
    )


