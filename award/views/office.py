"""The office's pages for a cycle up to the qualified list: rules, call, stage, qualification review, notices,
and the holiday schedule for years the calendar library does not know."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.confirmation import confirmation_given, confirmation_page
from accounts.dates import date_text
from accounts.http import client_ip
from accounts.kept_pages import kept_page
from accounts.models import District, Sector
from accounts.permissions import office_required
from accounts.refusals import refusal_show

from .. import services
from ..cycle_figures import cycle_figures
from ..forms import CalendarYearForm, CycleForm, CycleWindowForm, NoticeForm, QualificationForm
from ..models import (
    ApplicationKind,
    ApplicationState,
    CalendarYear,
    Cycle,
    CycleStage,
    NoticeKind,
    QualificationReview,
    award_kind_order,
)
from ..permissions import can_review_qualification
from ..qualification import qualification_criteria
from ..selectors import application_state_counts, applications_for_office
from ..services.application import application_endorsement
from ..services.cycle import window_submissions_after
from ..workflows import next_cycle_stage
from .common import application_or_403

# Rows of the office's cycle list and of the qualified list on the notice form per page (issue 12: no page over
# 300 KB with 2,000 applications).
OFFICE_PAGE_SIZE = 50


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
            refusal_show(request, error, form=form)
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
@kept_page
def cycle_manage(request, pk):
    cycle = get_object_or_404(Cycle.objects.select_related("organization_standard", "individual_standard"), pk=pk)
    filters = _choice_filters(request, kind=ApplicationKind, state=ApplicationState, district=District, sector=Sector)
    encouraged = request.GET.get("encouraged") == "1"
    page_obj = Paginator(
        applications_for_office(user=request.user, cycle=cycle, encouraged=encouraged, **filters), OFFICE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "award/office/cycle_manage.html",
        {
            "cycle": cycle,
            "counts": application_state_counts(cycle=cycle),
            "figures": cycle_figures(cycle=cycle),
            "applications": page_obj.object_list,
            "page_obj": page_obj,
            "blockers": services.cycle_stage_blockers(cycle),
            "next_stage": next_cycle_stage(cycle.stage),
            "notices": cycle.notices.all(),
            "states": ApplicationState.choices,
            "kinds": ApplicationKind.choices,
            "districts": District.choices,
            "sectors": Sector.choices,
            "filters": {**{name: value or "" for name, value in filters.items()}, "encouraged": encouraged},
        },
    )


def _choice_filters(request, **choices):
    """The list filters of the query string that name one of their field's choices; anything else is no filter."""
    return {name: value if (value := request.GET.get(name)) in kind.values else None for name, kind in choices.items()}


@office_required
def cycle_change_window(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    initial = {"application_opens": cycle.application_opens, "application_closes": cycle.application_closes}
    form = CycleWindowForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        late = window_submissions_after(cycle, form.cleaned_data["application_closes"])
        confirmed = confirmation_given(request, action="cycle.window", key=cycle.pk)
        if late and not confirmed:
            return confirmation_page(
                request, action="cycle.window", key=cycle.pk,
                title=_("注意:新的截止日期早于已提交的申报"),
                consequences=[
                    _("申报截止日期将改为%(closes)s,早于以下 %(n)s 份申报的提交日期;这些申报是在当时公布的申报期内提交的,继续有效。")
                    % {"closes": date_text(form.cleaned_data["application_closes"]), "n": len(late)},
                    _("公开的申报通知页面将显示带日期的调整说明和调整理由(第十八条)。"),
                ],
                summary=[(_("已提交的申报"), "\n".join(
                    f"{a.reference} · {a.applicant_name} · {date_text(a.submitted_at)}" for a in late)),
                    (_("调整理由"), form.cleaned_data["reason"])],
                irreversible=_("调整记入审计日志并向社会公布。"),
                confirm_label=_("仍然调整"), cancel_url=request.path,
            )
        try:
            services.cycle_change_window(
                cycle=cycle, by=request.user, accept_earlier_close=bool(late and confirmed), **form.cleaned_data
            )
        except services.WorkflowError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("申报时间已调整。"))
            return redirect("award:cycle_manage", pk=cycle.pk)
    return render(request, "award/office/cycle_window.html", {"cycle": cycle, "form": form})


STAGE_EFFECTS = {
    CycleStage.QUALIFICATION: gettext_lazy("申报截止:申报人不能再提交、修改或新建申报;办公室开始资格审查(第十九条第二项)。"),
    CycleStage.DOCUMENT_REVIEW: gettext_lazy("资格审查合格的申报交第三方评审机构进行资料评审;资格审查结论不能再作出(第十九条第三项)。"),
    CycleStage.SITE_REVIEW: gettext_lazy("进入现场评审名单的申报开始现场评审和社会满意度测评;资料评审得分锁定(第二十条)。"),
    CycleStage.COMPREHENSIVE_REVIEW: gettext_lazy("现场评审结束,开始综合评审和候选名单(第十九条第五项)。"),
    CycleStage.PUBLIC_NOTICE: gettext_lazy("拟奖励名单提交公示(第十九条第六项)。"),
    CycleStage.APPROVAL: gettext_lazy("公示结束,报市政府批准(第十九条第七项)。"),
    CycleStage.AWARDED: gettext_lazy("进入颁奖阶段(第十九条第八项)。"),
    CycleStage.CLOSED: gettext_lazy("本届结束并归档,此后只读。"),
}


@require_POST
@office_required
def cycle_publish_call(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    if not confirmation_given(request, action="cycle.publish_call", key=cycle.pk):
        return confirmation_page(
            request, action="cycle.publish_call", key=cycle.pk,
            title=_("确认发布申报通知:%(cycle)s") % {"cycle": cycle},
            consequences=[
                _("申报通知在公开网站发布,申报期为%(opens)s至%(closes)s,组织和个人可以开始申报(第十八条)。")
                % {"opens": date_text(cycle.application_opens), "closes": date_text(cycle.application_closes)},
            ],
            irreversible=_("发布后届次规则(名额、分数线、年限等)不能再修改,申报时间只能有理由地调整并公开说明。"),
            confirm_label=_("确认发布"), cancel_url=reverse("award:cycle_manage", kwargs={"pk": cycle.pk}),
        )
    try:
        services.cycle_publish_call(cycle=cycle, by=request.user)
    except services.WorkflowError as error:
        refusal_show(request, error)
    else:
        messages.success(request, _("申报通知已在公开网站发布,申报开放。"))
    return redirect("award:cycle_manage", pk=cycle.pk)


@require_POST
@office_required
def cycle_advance(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    if not confirmation_given(request, action=f"cycle.advance.{cycle.stage}", key=cycle.pk):
        target = next_cycle_stage(cycle.stage)
        blockers = services.cycle_stage_blockers(cycle)
        consequences = [
            _("本届将从“%(from)s”阶段进入“%(to)s”阶段。")
            % {"from": cycle.get_stage_display(), "to": CycleStage(target).label if target else "—"},
        ]
        if target in STAGE_EFFECTS:
            consequences.append(STAGE_EFFECTS[target])
        preconditions = [(False, b) for b in blockers] or [(True, _("进入下一阶段的前提条件均已满足。"))]
        return confirmation_page(
            request, action=f"cycle.advance.{cycle.stage}", key=cycle.pk,
            title=_("确认进入下一阶段:%(cycle)s") % {"cycle": cycle},
            consequences=consequences, preconditions=preconditions, blocked=bool(blockers),
            irreversible=_("阶段只能前进,不能退回上一阶段。"),
            confirm_label=_("确认进入下一阶段"), cancel_url=reverse("award:cycle_manage", kwargs={"pk": cycle.pk}),
        )
    try:
        cycle = services.cycle_advance(cycle=cycle, by=request.user)
    except services.WorkflowError as error:
        refusal_show(request, error)
    else:
        messages.success(request, _("本届已进入“%(stage)s”阶段。") % {"stage": cycle.get_stage_display()})
    return redirect("award:cycle_manage", pk=cycle.pk)


@office_required
def qualification_review(request, pk):
    application = application_or_403(request, pk, can_review_qualification)
    criteria = qualification_criteria(application)
    form = QualificationForm(request.POST or None, criteria=criteria)
    endorsement = application_endorsement(application)
    if request.method == "POST" and form.is_valid():
        if not confirmation_given(request, action="qualification", key=application.pk):
            return _qualification_confirmation(request, application, form)
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
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("资格审查结论已记录并通知申报人。"))
            return redirect("award:cycle_manage", pk=application.cycle_id)
    rows = [(c, form[f"c_{c['code']}"], form[f"n_{c['code']}"]) for c in criteria]
    return render(
        request,
        "award/office/qualification.html",
        {"application": application, "form": form, "rows": rows, "endorsement": endorsement},
    )


def _qualification_confirmation(request, application, form):
    decision = form.cleaned_data["decision"]
    failed = [c["label"] for c in form.criteria_results() if not c["passed"]]
    consequences = {
        QualificationReview.Decision.PASS: _("申报进入资格审查合格名单,待公示后进入资料评审。"),
        QualificationReview.Decision.FAIL: _("申报被认定不符合申报条件,本届评审对其结束。"),
        QualificationReview.Decision.RETURN: _("申报退回申报人补正,补正截止日期为%(day)s。")
        % {"day": date_text(form.cleaned_data.get("deadline"))},
    }[decision]
    summary = [(_("审查结论"), QualificationReview.Decision(decision).label), (_("审查理由"), form.cleaned_data["reasons"])]
    if failed:
        summary.append((_("未通过的审查项目"), "\n".join(str(label) for label in failed)))
    return confirmation_page(
        request, action="qualification", key=application.pk,
        title=_("确认资格审查结论:%(name)s") % {"name": application.applicant_name},
        consequences=[consequences, _("结论和逐项认定记入审计日志,并通知申报人。")],
        irreversible=_("结论一经记录不能修改;“符合”或“不符合”的结论作出后,申报人不能再补正。"),
        summary=summary, confirm_label=_("确认并通知申报人"),
        cancel_url=reverse("award:qualification_review", kwargs={"pk": application.pk}),
    )


@office_required
def notice_create(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    qualified = (
        cycle.applications.filter(state=ApplicationState.QUALIFIED).order_by(award_kind_order("kind"), "reference")
    )
    initial = {
        "title": _("%(cycle)s资格审查合格名单公示") % {"cycle": cycle},
        "starts_on": timezone.localdate(),
        "body": _("经申报、推荐和资格审查,以下组织和个人符合申报条件,现予公示。公示期间如有异议,请以实名书面形式向领导小组办公室反映。"),
    }
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not confirmation_given(request, action="notice.qualification", key=cycle.pk):
            return notice_confirmation(request, cycle=cycle, form=form, applications=qualified,
                                       action="notice.qualification", cancel_url=request.path)
        try:
            notice = services.notice_publish(
                cycle=cycle, kind=NoticeKind.QUALIFICATION, by=request.user, **form.cleaned_data
            )
        except services.WorkflowError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request, _("公示已发布,公示期至 %(date)s。") % {"date": date_text(notice.ends_on)}
            )
            return redirect("award:notice_detail", pk=notice.pk)
    # The notice publishes the whole qualified list; the form shows it a page at a time with the counts per award.
    page_obj = Paginator(qualified, OFFICE_PAGE_SIZE).get_page(request.GET.get("page"))
    by_kind = dict(qualified.order_by().values_list("kind").annotate(n=Count("id")))
    return render(
        request, "award/office/notice_form.html",
        {"cycle": cycle, "form": form, "applications": page_obj.object_list, "page_obj": page_obj,
         "by_kind": [(label, by_kind[value]) for value, label in ApplicationKind.choices if by_kind.get(value)]},
    )


def notice_confirmation(request, *, cycle, form, applications, action, cancel_url):
    """The confirmation before a notice goes public (Art. 19(二)(六)): its list, its window, what cannot be undone."""
    names = "\n".join(f"{a.get_kind_display()} · {a.applicant_name}" for a in applications)
    return confirmation_page(
        request, action=action, key=cycle.pk,
        title=_("确认发布公示:%(title)s") % {"title": form.cleaned_data["title"]},
        consequences=[
            _("公示从%(day)s起在公开网站发布,公示期为%(n)s个工作日,名单上的申报人收到通知,公众可以提出异议。")
            % {"day": date_text(form.cleaned_data["starts_on"]), "n": cycle.notice_working_days},
        ],
        summary=[(_("标题"), form.cleaned_data["title"]), (_("公示名单(%(n)s项)") % {"n": len(applications)}, names or "—")],
        irreversible=_("公示发布后不能撤回或修改名单。"),
        confirm_label=_("确认发布公示"), cancel_url=cancel_url,
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
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("%(year)s 年节假日安排已录入。") % {"year": form.cleaned_data["year"]})
            return redirect("award:calendar_year_list")
    return render(
        request,
        "award/office/calendar_list.html",
        {"years": CalendarYear.objects.prefetch_related("days"), "form": form},
        status=400,
    )
