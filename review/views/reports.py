"""The review's PDF reports (Art. 10(三), 19(三)(四)): served from the stored file, rendered by the Celery task
when what they are made from changed; a 202 page while a worker is still rendering."""
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import role_required

from ..models import ReportFile
from ..permissions import can_act_as_agency, can_see_feedback, can_see_site_report, can_see_survey_report
from ..reports import report_filename, report_get_or_render
from ..selectors import cycle_for_agency, cycle_under_review
from .common import application_checked, current_cycle_or_404, forbid

Kind = ReportFile.Kind


def pdf_response(report, filename):
    if report is None:
        return HttpResponse(_("报告正在生成,请稍后刷新。"), status=202, content_type="text/plain; charset=utf-8")
    return FileResponse(report.file.open("rb"), content_type="application/pdf", filename=filename)


def _application_report(request, pk, predicate, kind):
    application = application_checked(request, pk, predicate)
    report = report_get_or_render(application=application, kind=kind)
    return pdf_response(report, report_filename(application, kind))


@role_required(Role.ORGANIZATION, Role.INDIVIDUAL, Role.OFFICE)
def document_report_pdf(request, pk):
    """Art. 19(三): the application's document-review report, for the applicant once released and the office."""
    return _application_report(request, pk, can_see_feedback, Kind.DOCUMENT)


@role_required(Role.OFFICE, Role.AGENCY, Role.EXPERT)
def site_report_pdf(request, pk):
    """Art. 19(四): the site report of one application."""
    return _application_report(request, pk, can_see_site_report, Kind.SITE)


@role_required(Role.OFFICE, Role.AGENCY)
def satisfaction_report_pdf(request, pk):
    """Art. 19(四): the satisfaction report of one application."""
    return _application_report(request, pk, can_see_survey_report, Kind.SATISFACTION)


@role_required(Role.OFFICE, Role.AGENCY)
def cycle_report_pdf(request):
    """Art. 10(三), 20: the document-review report of the whole current cycle, for the office and its agency."""
    if request.GET.get("cycle"):
        cycle = current_cycle_or_404(request)
    elif request.user.role == Role.AGENCY:
        cycle = cycle_for_agency(user=request.user)
    else:
        cycle = cycle_under_review()
    if cycle is None:
        raise Http404("no cycle")
    if request.user.role == Role.AGENCY:
        verdict = can_act_as_agency(request.user, cycle)
        if not verdict:
            return forbid(request, verdict)
    report = report_get_or_render(cycle=cycle, kind=Kind.CYCLE_DOCUMENT)
    return pdf_response(report, report_filename(cycle, Kind.CYCLE_DOCUMENT))
