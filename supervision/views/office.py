"""The office's pages: the supervision group (Art. 11), closing the cycle, misconduct decisions (Art. 27), and
everything after the award — visits (Art. 22), prize-fund reports (Art. 21) and revocations (Art. 24)."""
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.dates import date_text
from accounts.http import client_ip
from accounts.models import Role
from accounts.permissions import office_required, role_required
from accounts.refusals import refusal_show
from award.models import Award, Cycle

from .. import selectors, services
from ..forms import (
    AppointForm,
    CloseForm,
    ComplaintMoveForm,
    DecideForm,
    DecisionForm,
    FundReviewForm,
    InvestigateForm,
    MemberForm,
    ProposeForm,
    RecoveryForm,
    RevocationOpenForm,
    VisitForm,
    VisitPlanForm,
    VisitRecordForm,
)
from ..models import (
    Complaint,
    MisconductCase,
    PrizeFundReport,
    RevocationCase,
    SupervisionGroup,
    SupervisionMember,
    Visit,
)
from ..services.common import WorkflowError
from .common import done, form_page


def _run(request, call, message):
    try:
        result = call()
    except WorkflowError as error:
        refusal_show(request, error)
        return None
    done(request, message)
    return result


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            refusal_show(request, WorkflowError(error))


# --- complaints: moving one to the cycle it is about (Art. 11) ------------------------------------------------------

@office_required
def complaint_move(request, pk):
    """The office hands a complaint to another cycle's supervision group, with a reason (audited in both cycles)."""
    complaint = get_object_or_404(Complaint.objects.select_related("cycle"), pk=pk)
    form = ComplaintMoveForm(request.POST or None, complaint=complaint)
    if request.method == "POST" and form.is_valid():
        moved = _run(request, lambda: services.complaint_move(
            complaint=complaint, to_cycle=form.cleaned_data["to_cycle"], reason=form.cleaned_data["reason"],
            by=request.user), _("投诉举报已移交,该届评审监督小组已收到通知。"))
        if moved is not None:
            return redirect("supervision:complaint_detail", pk=complaint.pk)
    return form_page(
        request, form=form, title=_("移交投诉举报 %(code)s") % {"code": complaint.tracking_code},
        back_url=reverse("supervision:complaint_detail", kwargs={"pk": complaint.pk}), button=_("确认移交"),
        lead=_("当前由%(cycle)s评审监督小组办理。移交后由所选届次的评审监督小组受理,原小组不再能查看。")
        % {"cycle": complaint.cycle or _("未指定届次")},
    )


# --- the supervision group and the close ---------------------------------------------------------------------------


@office_required
def group_manage(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    group = SupervisionGroup.objects.filter(cycle=cycle).first()
    return render(request, "supervision/group/manage.html", {
        "cycle": cycle, "group": group, "members": group.members.select_related("user") if group else [],
        "rotation": services.group_rotation(group=group) if group else None,
        "member_form": MemberForm(), "appoint_form": AppointForm(),
    })


@require_POST
@office_required
def group_propose(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    _run(request, lambda: services.group_propose(cycle=cycle, by=request.user), _("已建立本届评审监督小组名单。"))
    return redirect("supervision:group_manage", pk=cycle.pk)


@require_POST
@office_required
def member_add(request, pk):
    group = get_object_or_404(SupervisionGroup, pk=pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        _run(request, lambda: services.group_member_add(group=group, by=request.user, **form.cleaned_data),
             _("成员已加入名单。"))
    else:
        _form_errors(request, form)
    return redirect("supervision:group_manage", pk=group.cycle_id)


@require_POST
@office_required
def member_remove(request, pk):
    member = get_object_or_404(SupervisionMember.objects.select_related("group"), pk=pk)
    _run(request, lambda: services.group_member_remove(member=member, by=request.user), _("成员已移出名单。"))
    return redirect("supervision:group_manage", pk=member.group.cycle_id)


@require_POST
@office_required
def group_appoint(request, pk):
    group = get_object_or_404(SupervisionGroup, pk=pk)
    form = AppointForm(request.POST)
    if form.is_valid():
        _run(request, lambda: services.group_appoint(group=group, by=request.user, ip=client_ip(request),
                                                     **form.cleaned_data), _("评审监督小组已聘任。"))
    else:
        _form_errors(request, form)
    return redirect("supervision:group_manage", pk=group.cycle_id)


@office_required
def cycle_close(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.cycle_close(cycle=cycle, by=request.user, ip=client_ip(request)),
                _("本届已结束并归档,评审监督小组已解散。")):
            return redirect("supervision:group_manage", pk=cycle.pk)
    return render(request, "supervision/group/close.html", {
        "cycle": cycle, "form": form, "blockers": services.cycle_close_blockers(cycle),
    })


@require_POST
@office_required
def misconduct_decide(request, pk):
    case = get_object_or_404(MisconductCase, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        _run(request, lambda: services.misconduct_decide(case=case, by=request.user, ip=client_ip(request),
                                                         **form.cleaned_data), _("决定已记录。"))
    else:
        _form_errors(request, form)
    return redirect("supervision:misconduct_detail", pk=case.pk)


# --- after the award -----------------------------------------------------------------------------------------------


@office_required
def award_list(request):
    return render(request, "supervision/aftercare/award_list.html", {
        "awards": selectors.awards_for_office(), "today": timezone.localdate(),
        "cycles": Cycle.objects.filter(awards__isnull=False).distinct(),
        "fund_reports": PrizeFundReport.objects.filter(state="submitted").select_related("award"),
    })


@office_required
def visit_plan(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    form = VisitPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = _run(request, lambda: services.visits_plan(cycle=cycle, by=request.user, **form.cleaned_data),
                       _("巡访计划已安排。"))
        if created is not None:
            return redirect("supervision:award_list")
    return form_page(request, form=form, title=_("安排定期巡访(第二十二条)"), back_url=reverse("supervision:award_list"),
                     lead=_("为本届每个有效奖项按间隔安排巡访,直至有效期届满;提醒由系统按时发送。"))


@office_required
def visit_schedule(request, pk):
    award = get_object_or_404(Award, pk=pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.visit_schedule(award=award, by=request.user, **form.cleaned_data),
                _("巡访已安排。")):
            return redirect("supervision:award_list")
    return form_page(request, form=form, title=_("安排巡访:%(name)s") % {"name": award.recipient_name},
                     back_url=reverse("supervision:award_list"))


@office_required
def visit_record(request, pk):
    visit = get_object_or_404(Visit.objects.select_related("award"), pk=pk)
    form = VisitRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.visit_record(visit=visit, by=request.user, **form.cleaned_data),
                _("巡访情况已记录。")):
            return redirect("supervision:award_list")
    return form_page(request, form=form, back_url=reverse("supervision:award_list"),
                     title=_("记录巡访:%(name)s %(date)s") % {"name": visit.award.recipient_name,
                                                            "date": date_text(visit.scheduled_for)})


@office_required
def fund_report_review(request, pk):
    report = get_object_or_404(PrizeFundReport.objects.select_related("award"), pk=pk)
    form = FundReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.fund_report_review(report=report, by=request.user, **form.cleaned_data),
                _("审核结果已记录。")):
            return redirect("supervision:award_list")
    return render(request, "supervision/aftercare/fund_report_review.html", {"report": report, "form": form})


@office_required
def revocation_create(request, pk):
    award = get_object_or_404(Award.objects.select_related("cycle"), pk=pk)
    form = RevocationOpenForm(request.POST or None, award=award)
    if request.method == "POST" and form.is_valid():
        case = _run(request, lambda: services.revocation_open(award=award, by=request.user, **form.cleaned_data),
                    _("撤销案件已立案。"))
        if case:
            return redirect("supervision:revocation_detail", pk=case.pk)
    return form_page(request, form=form, title=_("立案:撤销%(name)s的奖项") % {"name": award.recipient_name},
                     back_url=reverse("supervision:award_list"),
                     lead=_("%(award)s只能选择第二十四条中对应的情形。") % {"award": award.get_kind_display()})


@role_required(Role.OFFICE, Role.LEADING_GROUP)
def revocation_list(request):
    cases = RevocationCase.objects.select_related("award", "award__cycle")
    return render(request, "supervision/revocation/list.html", {"cases": cases})


@role_required(Role.OFFICE, Role.LEADING_GROUP)
def revocation_detail(request, pk):
    case = get_object_or_404(RevocationCase.objects.select_related("award__cycle", "notice", "complaint", "visit"),
                             pk=pk)
    today = timezone.localdate()
    return render(request, "supervision/revocation/detail.html", {
        "case": case, "is_office": request.user.role == Role.OFFICE,
        "investigate_form": InvestigateForm(), "propose_form": ProposeForm(initial={"proposal_date": today}),
        "decide_form": DecideForm(initial={"decision_date": today, "notice_starts_on": today}),
        "recovery_form": RecoveryForm(),
    })


def _case_action(request, pk, form_class, call, message):
    case = get_object_or_404(RevocationCase, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        _run(request, lambda: call(case, form.cleaned_data), message)
    else:
        _form_errors(request, form)
    return redirect("supervision:revocation_detail", pk=case.pk)


@require_POST
@office_required
def revocation_investigate(request, pk):
    return _case_action(request, pk, InvestigateForm, lambda c, d: services.revocation_investigate(
        case=c, by=request.user, **d), _("调查核实情况已记录。"))


@require_POST
@role_required(Role.OFFICE, Role.LEADING_GROUP)
def revocation_propose(request, pk):
    return _case_action(request, pk, ProposeForm, lambda c, d: services.revocation_propose(
        case=c, by=request.user, **d), _("领导小组审议结果已记录。"))


@require_POST
@office_required
def revocation_decide(request, pk):
    return _case_action(request, pk, DecideForm, lambda c, d: services.revocation_decide(
        case=c, by=request.user, **d), _("撤销决定已登记,撤销公告已发布。"))


@require_POST
@office_required
def revocation_recovery(request, pk):
    return _case_action(request, pk, RecoveryForm, lambda c, d: services.revocation_recovery_record(
        case=c, by=request.user, **d), _("收回情况已登记。"))
