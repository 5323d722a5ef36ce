"""The office's pages for a cycle up to the qualified list: rules, call, stage, qualification review, notices,
and the holiday schedule for years the calendar library does not know."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import client_ip
from accounts.permissions import office_required

from .. import services
from ..forms import CalendarYearForm, CycleForm, CycleWindowForm, NoticeForm, QualificationForm
from ..models import ApplicationKind, ApplicationState, CalendarYear, Cycle, CycleStage, NoticeKind
from ..permissions import can_review_qualification
from ..qualification import qualification_criteria
from ..selectors import application_state_counts, applications_for_office
from ..workflows import next_cycle_stage
from .common import application_or_403, show_workflow_error


@office_required
def cycle_list(request):
    return render(request, "award/office/cycle_list.html", {"cycles": Cycle.objects.all()})


@office_required
def cycle_create(request):
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(by=request.user, **form.cleaned_data)
        except services.WorkflowError as error:
            show_workflow_error(request, error)
        else:
            messages.success(request, _("届次已创建。请核对规则后发布申报通知。"))
            return redirect("award:cycle_manage", pk=cycle.pk)
    return render(request, "award/office/cycle_form.html", {"form": form})


@office_required
def cycle_edit(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    if cycle.stage != CycleStage.DRAFT:
        messages.error(request, _("申报通知发布后,届次规则不能再修改。"))
        return redirect("award:cycle_manage", pk=cycle.pk)
    form = CycleForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("届次规则已保存。"))
        return redirect("award:cycle_manage", pk=cycle.pk)
    return render(request, "award/office/cycle_form.html", {"form": form, "cycle": cycle})


@office_required
def cycle_manage(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    kind = request.GET.get("kind") or None
    state = request.GET.get("state") or None
    encouraged = request.GET.get("encouraged") == "1"
    return render(
        request,
        "award/office/cycle_manage.html",
        {
            "cycle": cycle,
            "counts": application_state_counts(cycle=cycle),
            "applications": applications_for_office(
                user=request.user, cycle=cycle, state=state, kind=kind, encouraged=encouraged
            ),
            "blockers": services.cycle_stage_blockers(cycle),
            "next_stage": next_cycle_stage(cycle.stage),
            "notices": cycle.notices.all(),
            "states": ApplicationState.choices,
            "kinds": ApplicationKind.choices,
            "filters": {"kind": kind or "", "state": state or "", "encouraged": encouraged},
        },
    )


@office_required
def cycle_change_window(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    initial = {"application_opens": cycle.application_opens, "application_closes": cycle.application_closes}
    form = CycleWindowForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_change_window(cycle=cycle, by=request.user, **form.cleaned_data)
        except services.WorkflowError as error:
            show_workflow_error(request, error)
        else:
            messages.success(request, _("申报时间已调整。"))
            return redirect("award:cycle_manage", pk=cycle.pk)
    return render(request, "award/office/cycle_window.html", {"cycle": cycle, "form": form})


@require_POST
@office_required
def cycle_publish_call(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    try:
        services.cycle_publish_call(cycle=cycle, by=request.user)
    except services.WorkflowError as error:
        show_workflow_error(request, error)
    else:
        messages.success(request, _("申报通知已在公开网站发布,申报开放。"))
    return redirect("award:cycle_manage", pk=cycle.pk)


@require_POST
@office_required
def cycle_advance(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    try:
        cycle = services.cycle_advance(cycle=cycle, by=request.user)
    except services.WorkflowError as error:
        show_workflow_error(request, error)
    else:
        messages.success(request, _("本届已进入“%(stage)s”阶段。") % {"stage": cycle.get_stage_display()})
    return redirect("award:cycle_manage", pk=cycle.pk)


@office_required
def qualification_review(request, pk):
    application = application_or_403(request, pk, can_review_qualification)
    criteria = qualification_criteria(application)
    form = QualificationForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.qualification_decide(
                application=application,
                decision=form.cleaned_data["decision"],
                criteria=form.criteria_results(),
                reasons=form.cleaned_data["reasons"],
                deadline=form.cleaned_data.get("deadline"),
                by=request.user,
                ip=client_ip(request),
            )
        except services.WorkflowError as error:
            show_workflow_error(request, error)
        else:
            messages.success(request, _("资格审查结论已记录并通知申报人。"))
            return redirect("award:cycle_manage", pk=application.cycle_id)
    rows = [(c, form[f"c_{c['code']}"], form[f"n_{c['code']}"]) for c in criteria]
    return render(
        request,
        "award/office/qualification.html",
        {"application": application, "form": form, "rows": rows},
    )


@office_required
def notice_create(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    qualified = (
        cycle.applications.filter(state=ApplicationState.QUALIFIED).select_related("organization")
        .order_by("kind", "reference")
    )
    initial = {
        "title": _("%(cycle)s资格审查合格名单公示") % {"cycle": cycle},
        "starts_on": timezone.localdate(),
        "body": _("经申报、推荐和资格审查,以下组织和个人符合申报条件,现予公示。公示期间如有异议,请以实名书面形式向领导小组办公室反映。"),
    }
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_publish(
                cycle=cycle, kind=NoticeKind.QUALIFICATION, by=request.user, **form.cleaned_data
            )
        except services.WorkflowError as error:
            show_workflow_error(request, error)
        else:
            messages.success(
                request, _("公示已发布,公示期至 %(date)s。") % {"date": notice.ends_on.isoformat()}
            )
            return redirect("award:notice_detail", pk=notice.pk)
    return render(
        request, "award/office/notice_form.html", {"cycle": cycle, "form": form, "applications": qualified}
    )


@office_required
def calendar_year_list(request):
    return render(
        request,
        "award/office/calendar_list.html",
        {"years": CalendarYear.objects.prefetch_related("days"), "form": CalendarYearForm()},
    )


@require_POST
@office_required
def calendar_year_enter(request):
    form = CalendarYearForm(request.POST)
    if form.is_valid():
        try:
            services.calendar_year_enter(
                year=form.cleaned_data["year"], source=form.cleaned_data["source"],
                days=form.cleaned_data["parsed_days"], by=request.user,
            )
        except services.WorkflowError as error:
            show_workflow_error(request, error)
        else:
            messages.success(request, _("%(year)s 年节假日安排已录入。") % {"year": form.cleaned_data["year"]})
            return redirect("award:calendar_year_list")
    return render(
        request,
        "award/office/calendar_list.html",
        {"years": CalendarYear.objects.prefetch_related("days"), "form": form},
        status=400,
    )
