"""The office's pages for the decision stage (SPEC §9–10): comprehensive review and candidates, the leading
group's deliberation, the proposed-list notice, objections, approval, awards and certificates.

Thin views: each reads through a selector, writes through a service and shows a refusal's reasons.
"""
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.confirmation import confirmation_given, confirmation_page
from accounts.dates import date_text
from accounts.http import client_ip
from accounts.models import Role
from accounts.permissions import has_role, office_required, role_required

from .. import services
from ..certificates import certificate_pdf
from ..exports import applications_xlsx, qualified_xlsx, winners_xlsx
from ..forms import ApprovalForm, DeliberationForm, NoticeForm, ProposalForm, ResolveForm, VacancyForm
from ..models import (
    AwardKind,
    Certificate,
    CertificateState,
    Cycle,
    CycleStage,
    Deliberation,
    NoticeKind,
    Objection,
    ObjectionState,
    Proposal,
    award_kind_order,
)
from ..permissions import can_read_cycle_decisions
from ..selectors import comprehensive_ranking, open_objections, proposed_notice, ranking_formula
from ..services.awards import AWARD_ITEMS, approval_blockers
from ..services.proposals import award_cap
from .common import show_workflow_error
from .office import notice_confirmation

handlers_required = role_required(Role.OFFICE, Role.SUPERVISOR)
readers_required = role_required(Role.OFFICE, Role.SUPERVISOR, Role.LEADING_GROUP)


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
        show_workflow_error(request, error)
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
        show_workflow_error(request, error)
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
        show_workflow_error(request, error)
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
            show_workflow_error(request, error)
        else:
            messages.success(request, _("审议结果已记录,拟奖励名单已形成。"))
            return redirect("award:deliberation_detail", pk=cycle.pk)
    return render(request, "award/decision/deliberation_form.html", {"cycle": cycle, "form": form})


@readers_required
def deliberation_detail(request, pk):
    """The deliberation and the proposed award list; the leading group and the supervisors read it too."""
    cycle = _cycle_for_reader(request, pk)
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
            show_workflow_error(request, error)
        else:
            messages.success(request, _("拟奖励名单已公示,公示期至 %(date)s。") % {"date": date_text(notice.ends_on)})
            return redirect("award:notice_detail", pk=notice.pk)
    return render(
        request, "award/decision/notice_form.html", {"cycle": cycle, "form": form, "applications": proposed}
    )


# --- Objections --------------------------------------------------------------------------------------------------

def _cycle_for_reader(request, pk):
    """The cycle if the user may read its decisions; a supervisor only their own group's cycle (Art. 11)."""
    cycle = get_object_or_404(Cycle, pk=pk)
    verdict = can_read_cycle_decisions(request.user, cycle)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    return cycle


@handlers_required
def objection_list(request, pk):
    cycle = _cycle_for_reader(request, pk)
    objections = (
        Objection.objects.filter(notice__cycle=cycle)
        .exclude(application__recusals__user=request.user)
        .select_related("notice", "application", "resolved_by")
    )
    state = request.GET.get("state") or ""
    if state in ObjectionState.values:
        objections = objections.filter(state=state)
    return render(
        request, "award/decision/objection_list.html",
        {"cycle": cycle, "objections": objections, "states": ObjectionState.choices, "state": state},
    )


def _objection_or_404(request, pk):
    objection = get_object_or_404(
        Objection.objects.select_related("notice", "notice__cycle", "application", "resolved_by"), pk=pk
    )
    if objection.application.recusals.filter(user=request.user).exists():
        raise PermissionDenied(_("您与该申报存在利害关系,依第十二条须回避。"))
    verdict = can_read_cycle_decisions(request.user, objection.notice.cycle)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    return objection


@handlers_required
def objection_detail(request, pk):
    objection = _objection_or_404(request, pk)
    return render(
        request, "award/decision/objection_detail.html",
        {"objection": objection, "form": ResolveForm(), "can_resolve": objection.state == ObjectionState.OPEN},
    )


@require_POST
@handlers_required
def objection_resolve(request, pk):
    """Art. 11(一), 19(六): the supervision group (or the office) rules on an objection."""
    objection = _objection_or_404(request, pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.objection_resolve(
                objection=objection, upheld=form.cleaned_data["outcome"] == "upheld",
                reasons=form.cleaned_data["reasons"], by=request.user, ip=client_ip(request),
            )
        except services.WorkflowError as error:
            show_workflow_error(request, error)
        else:
            messages.success(request, _("异议处理结果已记录并通知有关各方。"))
            return redirect("award:objection_detail", pk=objection.pk)
    return render(
        request, "award/decision/objection_detail.html",
        {"objection": objection, "form": form, "can_resolve": objection.state == ObjectionState.OPEN}, status=400,
    )


@handlers_required
def objection_evidence(request, pk):
    objection = _objection_or_404(request, pk)
    if not objection.evidence:
        raise PermissionDenied(_("该异议没有附证据。"))
    audit_record(
        action="objection.evidence_viewed", actor=request.user, obj=objection, cycle_id=objection.notice.cycle_id,
        application_id=objection.application_id, ip=client_ip(request),
    )
    return FileResponse(
        objection.evidence.open("rb"), as_attachment=True, filename=objection.evidence_name,
        content_type=objection.evidence_content_type or "application/octet-stream",
    )


# --- Approval, awards, certificates (Art. 19(七)(八)) -------------------------------------------------------------

@office_required
def approval_record(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    form = ApprovalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if k != "confirmed"}
            services.approval_record(cycle=cycle, by=request.user, ip=client_ip(request), **data)
        except services.WorkflowError as error:
            show_workflow_error(request, error)
        else:
            messages.success(request, _("市政府批准决定已记录。请颁发奖项。"))
            return redirect("award:cycle_awards", pk=cycle.pk)
    return render(
        request, "award/decision/approval_form.html",
        {"cycle": cycle, "form": form, "blockers": approval_blockers(cycle), "notice": proposed_notice(cycle),
         "approval": getattr(cycle, "approval", None)},
    )


@readers_required
def approval_scan(request, pk):
    """The scan of the government's decision (Art. 19(七)) for the office, the leading group and the supervisors."""
    cycle = _cycle_for_reader(request, pk)
    approval = getattr(cycle, "approval", None)
    if approval is None:
        raise PermissionDenied(_("尚未记录批准决定。"))
    audit_record(action="approval.scan_viewed", actor=request.user, obj=approval, cycle_id=cycle.pk,
                 ip=client_ip(request))
    return FileResponse(approval.scan.open("rb"), as_attachment=True, filename=approval.scan_name,
                        content_type=approval.scan_content_type or "application/octet-stream")


@office_required
def cycle_awards(request, pk):
    """The approval, the awards with their certificates, and the export for the provincial award (Art. 6)."""
    cycle = get_object_or_404(Cycle, pk=pk)
    awards = cycle.awards.select_related("certificate", "application").order_by(award_kind_order("kind"), "certificate__number")
    return render(
        request, "award/decision/awards.html",
        {"cycle": cycle, "awards": awards, "approval": getattr(cycle, "approval", None),
         "open_objections": open_objections(cycle).count(), "items": AWARD_ITEMS,
         "proposed": cycle.applications.filter(state="proposed").count()},
    )


@require_POST
@office_required
def awards_grant(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    if not confirmation_given(request, action="awards.grant", key=cycle.pk):
        proposed = cycle.applications.filter(state="proposed").select_related("proposal").order_by(
            award_kind_order("proposal__award_kind"), "proposal__slot")
        blockers = approval_blockers(cycle) if getattr(cycle, "approval", None) is None else []
        objections = open_objections(cycle).count()
        if objections:
            blockers.append(_("还有 %(n)s 件异议未处理。") % {"n": objections})
        return confirmation_page(
            request, action="awards.grant", key=cycle.pk,
            title=_("确认颁发奖项:%(cycle)s") % {"cycle": cycle},
            consequences=[
                _("按市政府批准决定授予以下 %(n)s 个奖项,生成带编号和查验二维码的荣誉证书,并通知获奖者。")
                % {"n": len(proposed)},
                _("获奖名单在公开网站公布(第十九条第八项)。"),
            ],
            summary=[(_("获奖名单"), "\n".join(
                f"{p.proposal.get_award_kind_display()} · {p.applicant_name}" for p in proposed) or "—")],
            preconditions=[(False, b) for b in blockers], blocked=bool(blockers) or not proposed,
            irreversible=_("颁发后奖项只能依第二十四条撤销,证书编号不再重复使用。"),
            confirm_label=_("确认颁发"), cancel_url=reverse("award:cycle_awards", kwargs={"pk": cycle.pk}),
        )
    try:
        certificates = services.awards_grant(cycle=cycle, by=request.user, ip=client_ip(request))
    except services.WorkflowError as error:
        show_workflow_error(request, error)
    else:
        messages.success(request, _("已颁发 %(n)s 个奖项,证书正在生成。") % {"n": len(certificates)})
    return redirect("award:cycle_awards", pk=cycle.pk)


@require_POST
@office_required
def certificate_rerender(request, pk):
    certificate = get_object_or_404(Certificate.objects.select_related("award"), pk=pk)
    services.certificate_rerender(certificate=certificate, by=request.user)
    messages.info(request, _("已重新排队生成证书 %(n)s。") % {"n": certificate.number})
    return redirect("award:cycle_awards", pk=certificate.award.cycle_id)


@role_required(Role.OFFICE, *Role.applicant_roles())
def certificate_download(request, pk):
    """The certificate PDF for its winner and the office; everyone else may only verify the number."""
    certificate = get_object_or_404(Certificate.objects.select_related("award", "award__application"), pk=pk)
    is_winner = certificate.award.application.applicant_id == request.user.pk and has_role(
        request.user, *Role.applicant_roles()
    )
    if not (is_winner or has_role(request.user, Role.OFFICE)):
        raise PermissionDenied(_("只有获奖者本人和领导小组办公室可以下载证书。"))
    if certificate.award.revoked_on is not None:
        # Art. 24: a revoked award's certificate never leaves as a clean copy; it is rendered afresh with the
        # 已撤销 stamp, the revocation date and the decision's document number (the stored PDF stays as issued).
        audit_record(
            action="certificate.downloaded", actor=request.user, obj=certificate, cycle_id=certificate.award.cycle_id,
            application_id=certificate.award.application_id, ip=client_ip(request),
            detail={"revoked": True, "revoked_on": certificate.award.revoked_on.isoformat()},
        )
        return FileResponse(
            io.BytesIO(certificate_pdf(certificate)), as_attachment=True,
            filename=f"{certificate.number}-revoked.pdf", content_type="application/pdf",
        )
    if certificate.state != CertificateState.RENDERED or not certificate.pdf:
        messages.info(request, _("证书正在生成,请稍后再试。"))
        return redirect("award:dashboard")
    audit_record(
        action="certificate.downloaded", actor=request.user, obj=certificate, cycle_id=certificate.award.cycle_id,
        application_id=certificate.award.application_id, ip=client_ip(request),
    )
    return FileResponse(
        certificate.pdf.open("rb"), as_attachment=True, filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


@office_required
def winners_export(request, pk):
    """Art. 6: the winners as xlsx, the city's priority recommendations to the Shandong Governor's Quality Award."""
    cycle = get_object_or_404(Cycle, pk=pk)
    response = HttpResponse(
        winners_xlsx(cycle=cycle),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="winners-cycle-{cycle.number}.xlsx"'
    audit_record(action="winners.exported", actor=request.user, obj=cycle, cycle_id=cycle.pk, ip=client_ip(request))
    return response


def _xlsx_response(content, filename):
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@office_required
def applications_export(request, pk):
    """Art. 19(一)(二): the application list of any cycle as xlsx (state, recommender and endorsement, Art. 16)."""
    cycle = get_object_or_404(Cycle, pk=pk)
    audit_record(action="applications.exported", actor=request.user, obj=cycle, cycle_id=cycle.pk,
                 ip=client_ip(request))
    return _xlsx_response(applications_xlsx(cycle=cycle), f"applications-cycle-{cycle.number}.xlsx")


@office_required
def qualified_export(request, pk):
    """Art. 19(二): the qualified list of any cycle as xlsx."""
    cycle = get_object_or_404(Cycle, pk=pk)
    audit_record(action="qualified.exported", actor=request.user, obj=cycle, cycle_id=cycle.pk,
                 ip=client_ip(request))
    return _xlsx_response(qualified_xlsx(cycle=cycle), f"qualified-cycle-{cycle.number}.xlsx")
