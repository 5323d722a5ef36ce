"""Art. 11(一)(二)(三): the supervision group's opinions and its reports to the leading group (a PDF)."""
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.notifications import notify
from accounts.refusals import require_role
from award.pdf import render_pdf

from .. import emails
from ..models import Complaint, ComplaintState, SupervisionMember, SupervisionOpinion, SupervisionReport
from ..permissions import can_supervise
from .common import WorkflowError, leading_group_users


def _check(by, cycle):
    verdict = can_supervise(by, cycle)
    if not verdict:
        raise WorkflowError(verdict.reason)


@transaction.atomic
def opinion_add(*, cycle, text, by, application=None) -> SupervisionOpinion:
    """Art. 11(一): a supervisor's opinion on the cycle's process or on one of its applications."""
    _check(by, cycle)
    if application is not None and application.cycle_id != cycle.pk:
        raise WorkflowError(_("该申报不属于本届。"))
    if not text.strip():
        raise WorkflowError(_("请填写监督意见。"))
    opinion = SupervisionOpinion.objects.create(cycle=cycle, application=application, text=text.strip(),
                                                written_by=by)
    audit_record(action="supervision.opinion_added", actor=by, obj=opinion, cycle_id=cycle.pk,
                 application_id=application.pk if application else None)
    return opinion


def report_submit(*, cycle, title, summary, by, recommendations="", complaints=()) -> SupervisionReport:
    """Art. 11(二)(三): report the supervision and the complaints' outcomes to the leading group.

    Only concluded or dismissed complaints of the cycle may be reported. The report is rendered once to a PDF
    (Chinese, CJK font embedded), fingerprinted and stored; the leading group's members are told.
    """
    _check(by, cycle)
    complaints = list(Complaint.objects.filter(pk__in=[c.pk for c in complaints]).order_by("filed_at"))
    if not title.strip() or not summary.strip():
        raise WorkflowError(_("请填写标题和监督情况。"))
    if any(c.cycle_id != cycle.pk or c.is_open for c in complaints):
        raise WorkflowError(_("只能报告本届已办结的投诉举报。"))
    with transaction.atomic():
        report = SupervisionReport.objects.create(
            cycle=cycle, title=title.strip(), summary=summary.strip(), recommendations=recommendations.strip(),
            written_by=by,
        )
        report.complaints.set(complaints)
        pdf = render_pdf(template_name="pdf/supervision_report.html", context={
            "report": report, "cycle": cycle, "complaints": complaints, "now": timezone.now(),
            "members": SupervisionMember.objects.filter(group__cycle=cycle),
            "opinions": cycle.supervision_opinions.select_related("application"),
            "open_count": cycle.complaints.filter(state__in=ComplaintState.open_states()).count(),
        })
        report.sha256 = hashlib.sha256(pdf).hexdigest()
        report.file.save(f"report-{report.pk}.pdf", ContentFile(pdf), save=False)
        report.save(update_fields=["file", "sha256"])
        audit_record(action="supervision.report_submitted", actor=by, obj=report, cycle_id=cycle.pk,
                     detail={"complaints": [c.pk for c in complaints], "sha256": report.sha256})
        link = reverse("supervision:report_download", kwargs={"pk": report.pk})
        for user in leading_group_users():
            notify(recipient=user, event="supervision.report", link=link, key=f"supervision-report:{report.pk}:{user.pk}",
                   **emails.report_submitted(report=report, cycle=cycle))
    return report


@transaction.atomic
def report_mark_read(*, report, by) -> SupervisionReport:
    """The leading group acknowledges a report (阅知)."""
    require_role(by, Role.LEADING_GROUP, message=_("只有质量强市工作领导小组成员可以阅知报告。"))
    if report.read_by_leading_group_at is None:
        report.read_by_leading_group_at = timezone.now()
        report.save(update_fields=["read_by_leading_group_at"])
        audit_record(action="supervision.report_read", actor=by, obj=report, cycle_id=report.cycle_id)
    return report
