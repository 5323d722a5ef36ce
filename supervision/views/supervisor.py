"""Supervisors' pages (Art. 11): their cycle's read-only process record and audit log, complaints handling,
opinions, reports to the leading group and misconduct proposals. No page here edits the record."""
import csv
import io

from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from accounts.audit import audit_record
from accounts.http import client_ip
from accounts.models import Role
from accounts.permissions import role_required
from accounts.refusals import refusal_show
from accounts.tabular import safe_row
from award.models import CycleStage
from review.selectors import conflicts_for_cycle, corrections_for_cycle, review_applications

from .. import selectors, services
from ..forms import (
    AcceptForm,
    AuditFilterForm,
    ConcludeForm,
    DecisionForm,
    DismissForm,
    MisconductForm,
    NoteForm,
    OpinionForm,
    ReportForm,
)
from ..models import Complaint, ComplaintEvidence, MisconductCase, SupervisionReport
from ..permissions import can_handle_complaint, can_read_decisions, can_read_record, can_supervise
from .common import cycle_or_403, done, form_page, require

supervisor_or_office = role_required(Role.SUPERVISOR, Role.OFFICE)


@role_required(Role.SUPERVISOR)
def dashboard(request):
    cycles = list(selectors.cycles_supervised_by(user=request.user))
    complaints = selectors.complaints_for(user=request.user).filter(state__in=["received", "investigating"])
    return render(request, "supervision/dashboard/supervisor.html", {
        "cycles": cycles, "complaints": complaints[:20], "today": timezone.localdate(),
    })


@supervisor_or_office
def cycle_record(request, pk):
    cycle = cycle_or_403(request, pk, can_read_record)
    context = {
        "cycle": cycle, "timeline": selectors.cycle_timeline(cycle=cycle),
        "applications": selectors.cycle_applications(cycle=cycle),
        "decisions": selectors.cycle_decisions(cycle=cycle), "notices": cycle.notices.all(),
        "group": getattr(cycle, "supervision_group", None),
        "opinions": cycle.supervision_opinions.select_related("application", "written_by"),
        "can_write": bool(can_supervise(request.user, cycle)),
    }
    try:  # review's selectors, when the review app offers them
        context["review_rows"] = review_applications(cycle=cycle)
        context["conflicts"] = conflicts_for_cycle(cycle=cycle)
        context["corrections"] = corrections_for_cycle(cycle=cycle)
    except ImportError:  # pragma: no cover
        pass
    return render(request, "supervision/record/cycle.html", context)


def _audit_page(request, cycle, form, status=200):
    page = Paginator(selectors.audit_entries(cycle=cycle, **form.filters()), 50).get_page(request.GET.get("page"))
    return render(request, "supervision/record/audit_log.html", {
        "cycle": cycle, "page_obj": page, "filters": request.GET, "filter_form": form,
        "actors": selectors.audit_actors(cycle=cycle), "actions": selectors.audit_actions(cycle=cycle),
    }, status=status)


@supervisor_or_office
def audit_log(request, pk):
    """SPEC §14: the cycle's audit log, filtered; a bad filter value is shown as an error and ignored (400)."""
    cycle = cycle_or_403(request, pk, can_read_record)
    form = AuditFilterForm(request.GET)
    return _audit_page(request, cycle, form, status=200 if form.is_valid() else 400)


AUDIT_COLUMNS = ("id", "at", "actor", "action", "object", "application", "ip", "detail", "hash")


def _audit_rows(entries):
    for e in entries.iterator():
        yield safe_row([e.pk, timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_label, e.action,
                        f"{e.object_type}:{e.object_id}", e.application_id or "", e.ip_address or "", str(e.detail),
                        e.entry_hash])


@supervisor_or_office
def audit_export(request, pk):
    """SPEC §14: the filtered log as CSV or xlsx; the export itself is recorded."""
    cycle = cycle_or_403(request, pk, can_read_record)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():  # nothing is exported under filters that do not mean anything: the page says why
        return _audit_page(request, cycle, form, status=400)
    entries = selectors.audit_entries(cycle=cycle, **form.filters())
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    audit_record(action="audit.exported", actor=request.user, cycle_id=cycle.pk, ip=client_ip(request),
                 detail={"format": fmt, "filters": {k: v for k, v in request.GET.items()}})
    name = f"audit-cycle{cycle.number}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 Chinese correctly with a BOM
        writer = csv.writer(buffer)
        writer.writerow(AUDIT_COLUMNS)
        writer.writerows(_audit_rows(entries))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("审计日志"))
        sheet.append(AUDIT_COLUMNS)
        for row in _audit_rows(entries):
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(Role.SUPERVISOR)
def opinion_create(request, pk):
    cycle = cycle_or_403(request, pk, can_supervise)
    form = OpinionForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            services.opinion_add(cycle=cycle, by=request.user, **form.cleaned_data)
        except services.common.WorkflowError as error:
            refusal_show(request, error, form=form)
        else:
            done(request, _("监督意见已记录。"))
            return redirect("supervision:cycle_record", pk=cycle.pk)
    return form_page(request, form=form, title=_("填写监督意见"),
                     back_url=reverse("supervision:cycle_record", kwargs={"pk": cycle.pk}))


# --- complaints ----------------------------------------------------------------------------------------------------


@supervisor_or_office
def complaint_list(request):
    complaints = selectors.complaints_for(user=request.user)
    state = request.GET.get("state") or ""
    if state:
        complaints = complaints.filter(state=state)
    page = Paginator(complaints, 30).get_page(request.GET.get("page"))
    return render(request, "supervision/complaint/list.html", {"page_obj": page, "state": state,
                                                               "today": timezone.localdate()})


def _complaint(request, pk):
    complaint = get_object_or_404(Complaint.objects.select_related("cycle", "handler"), pk=pk)
    require(can_handle_complaint(request.user, complaint))
    return complaint


@supervisor_or_office
def complaint_detail(request, pk):
    complaint = _complaint(request, pk)
    return render(request, "supervision/complaint/detail.html", {
        "complaint": complaint, "notes": complaint.notes.select_related("written_by"),
        "evidence": complaint.evidence.all(), "accept_form": AcceptForm(), "dismiss_form": DismissForm(),
        "note_form": NoteForm(), "conclude_form": ConcludeForm(), "today": timezone.localdate(),
        "revocations": complaint.revocation_cases.all(), "misconduct": complaint.misconduct_cases.all(),
    })


def _complaint_action(request, pk, form_class, call, message):
    complaint = _complaint(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(complaint, form.cleaned_data)
        except services.common.WorkflowError as error:
            refusal_show(request, error)
        else:
            done(request, message)
    else:
        for errors in form.errors.values():
            for error in errors:
                refusal_show(request, services.common.WorkflowError(error))
    return redirect("supervision:complaint_detail", pk=complaint.pk)


@require_POST
@supervisor_or_office
def complaint_accept(request, pk):
    return _complaint_action(request, pk, AcceptForm, lambda c, d: services.complaint_accept(
        complaint=c, deadline=d["deadline"], note=d["note"], by=request.user), _("已受理,进入调查核实。"))


@require_POST
@supervisor_or_office
def complaint_dismiss(request, pk):
    return _complaint_action(request, pk, DismissForm, lambda c, d: services.complaint_dismiss(
        complaint=c, reasons=d["reasons"], by=request.user), _("已记录不予受理。"))


@require_POST
@supervisor_or_office
def complaint_note(request, pk):
    return _complaint_action(request, pk, NoteForm, lambda c, d: services.complaint_note_add(
        complaint=c, text=d["text"], is_public=d["is_public"], by=request.user), _("办理记录已添加。"))


@require_POST
@supervisor_or_office
def complaint_conclude(request, pk):
    return _complaint_action(request, pk, ConcludeForm, lambda c, d: services.complaint_conclude(
        complaint=c, by=request.user, **d), _("投诉举报已办结。"))


@supervisor_or_office
def complaint_evidence(request, pk):
    evidence = get_object_or_404(ComplaintEvidence.objects.select_related("complaint__cycle"), pk=pk)
    require(can_handle_complaint(request.user, evidence.complaint))
    audit_record(action="complaint.evidence_viewed", actor=request.user, obj=evidence.complaint,
                 cycle_id=evidence.complaint.cycle_id, ip=client_ip(request), detail={"evidence": evidence.pk})
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                        content_type=evidence.content_type)


# --- reports and misconduct ----------------------------------------------------------------------------------------


@role_required(Role.SUPERVISOR, Role.OFFICE, Role.LEADING_GROUP)
def report_list(request):
    reports = SupervisionReport.objects.select_related("cycle", "written_by")
    if request.user.role == Role.SUPERVISOR:
        reports = reports.filter(cycle__in=selectors.cycles_supervised_by(user=request.user))
    return render(request, "supervision/report/list.html", {"reports": reports})


@role_required(Role.SUPERVISOR)
def report_create(request, pk):
    cycle = cycle_or_403(request, pk, can_supervise)
    form = ReportForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_submit(cycle=cycle, by=request.user, **form.cleaned_data)
        except services.common.WorkflowError as error:
            refusal_show(request, error, form=form)
        else:
            done(request, _("监督情况报告已报送领导小组。"))
            return redirect("supervision:report_download", pk=report.pk)
    return form_page(request, form=form, title=_("向领导小组报告监督情况"),
                     back_url=reverse("supervision:dashboard"),
                     lead=_("报告生成 PDF 后报送质量强市工作领导小组(第十一条)。"))


@role_required(Role.SUPERVISOR, Role.OFFICE, Role.LEADING_GROUP)
def report_download(request, pk):
    report = get_object_or_404(SupervisionReport.objects.select_related("cycle"), pk=pk)
    if not can_read_decisions(request.user):
        require(can_read_record(request.user, report.cycle))
    audit_record(action="supervision.report_downloaded", actor=request.user, obj=report, cycle_id=report.cycle_id,
                 ip=client_ip(request))
    return FileResponse(report.file.open("rb"), content_type="application/pdf",
                        filename=f"supervision-report-{report.pk}.pdf")


@role_required(Role.LEADING_GROUP)
@require_POST
def report_mark_read(request, pk):
    report = get_object_or_404(SupervisionReport, pk=pk)
    services.report_mark_read(report=report, by=request.user)
    done(request, _("已阅知。"))
    return redirect("supervision:leading_group_dashboard")


@role_required(Role.SUPERVISOR)
def misconduct_create(request, pk):
    cycle = cycle_or_403(request, pk, can_supervise)
    form = MisconductForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = getattr(cycle, "agency", None) if data["subject"] == "agency" else None
        try:
            case = services.misconduct_propose(
                cycle=cycle, subject=data["subject"], facts=data["facts"], complaint=data["complaint"],
                expert=data["expert"] if data["subject"] == "expert" else None, agency=agency, by=request.user)
        except services.common.WorkflowError as error:
            refusal_show(request, error, form=form)
        else:
            done(request, _("已提请领导小组办公室决定。"))
            return redirect("supervision:misconduct_detail", pk=case.pk)
    return form_page(request, form=form, title=_("提请取消评审工作资格(第二十七条)"),
                     back_url=reverse("supervision:cycle_record", kwargs={"pk": cycle.pk}))


@supervisor_or_office
def misconduct_list(request):
    cases = MisconductCase.objects.select_related("cycle", "expert", "agency")
    if request.user.role == Role.SUPERVISOR:
        cases = cases.filter(cycle__in=selectors.cycles_supervised_by(user=request.user))
    return render(request, "supervision/misconduct/list.html", {"cases": cases})


@supervisor_or_office
def misconduct_detail(request, pk):
    case = get_object_or_404(MisconductCase.objects.select_related("cycle", "expert", "agency"), pk=pk)
    require(can_read_record(request.user, case.cycle))
    return render(request, "supervision/misconduct/detail.html", {
        "case": case, "decision_form": DecisionForm(), "is_office": request.user.role == Role.OFFICE,
        "closed": case.cycle.stage == CycleStage.CLOSED,
    })
