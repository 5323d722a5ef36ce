"""The objections to a notice (Art. 13, 19(六)): the office and the supervisors read and resolve them.

Thin views: each reads through a selector, writes through a service and shows a refusal's reasons.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.http import client_ip
from accounts.refusals import refusal_show

from .. import services
from ..forms import ResolveForm
from ..models import (
    Objection,
    ObjectionState,
)
from ..permissions import can_read_cycle_decisions
from .common import cycle_for_reader, handlers_required


@handlers_required
def objection_list(request, pk):
    cycle = cycle_for_reader(request, pk)
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
            refusal_show(request, error, form=form)
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
