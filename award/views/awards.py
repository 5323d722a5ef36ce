"""The approval, the awards and their certificates, and the cycle's exports (Art. 6, 19(七)(八)).

Thin views: each reads through a selector, writes through a service and shows a refusal's reasons.
"""
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.confirmation import confirmation_given, confirmation_page
from accounts.http import client_ip
from accounts.models import Role
from accounts.permissions import has_role, office_required, role_required
from accounts.refusals import refusal_show

from .. import services
from ..certificates import certificate_pdf
from ..exports import applications_xlsx, qualified_xlsx, winners_xlsx
from ..forms import ApprovalForm
from ..models import (
    Certificate,
    CertificateState,
    Cycle,
    award_kind_order,
)
from ..selectors import open_objections, proposed_notice
from ..services.awards import AWARD_ITEMS, approval_blockers
from .common import cycle_for_reader, readers_required

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
            refusal_show(request, error, form=form)
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
    cycle = cycle_for_reader(request, pk)
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
        refusal_show(request, error)
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
