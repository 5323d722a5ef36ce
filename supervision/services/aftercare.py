"""After the award: prize-fund reports (Art. 21) and periodic visits with reminders (Art. 22)."""
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.dates import date_text
from accounts.notifications import notify
from accounts.workflows import transition
from award.dates import add_months
from award.models import Award

from .. import emails
from ..models import PrizeFundReport, PrizeFundReportState, Visit, VisitState
from ..permissions import can_file_fund_report
from ..workflows import FUND_REPORT_WORKFLOW, VISIT_WORKFLOW
from .common import WorkflowError, office_only, office_users


def fund_report_submit(*, award, year, narrative, by, **amounts) -> PrizeFundReport:
    """Art. 21: the winner reports a year's use of the prize, only under the uses the regulation names
    (improvement, standards, breakthroughs, training, laboratories). A returned report may be filed again."""
    verdict = can_file_fund_report(by, award)
    if not verdict:
        raise WorkflowError(verdict.reason)
    if award.prize_yuan <= 0:
        raise WorkflowError(_("该奖项没有奖金,无需填报。"))
    if not award.awarded_on.year <= year <= min(award.valid_until.year, timezone.localdate().year):
        raise WorkflowError(_("报告年度须在获奖年度至今年之间。"))
    unknown = set(amounts) - set(PrizeFundReport.USE_FIELDS)
    if unknown:
        raise WorkflowError(_("奖金只能用于第二十一条列明的用途。"))
    if not narrative.strip():
        raise WorkflowError(_("请填写使用情况说明。"))
    with transaction.atomic():
        report = PrizeFundReport.objects.select_for_update().filter(award=award, year=year).first()
        if report is not None and report.state != PrizeFundReportState.RETURNED:
            raise WorkflowError(_("%(year)s年度的报告已提交。") % {"year": year})
        fields = {name: int(amounts.get(name) or 0) for name in PrizeFundReport.USE_FIELDS}
        fields.update(narrative=narrative.strip(), submitted_by=by)
        ids = {"cycle_id": award.cycle_id, "application_id": award.application_id}
        if report is None:  # a new report starts submitted
            report = PrizeFundReport.objects.create(award=award, year=year, **fields)
            audit_record(action="fund_report.submitted", actor=by, obj=report, **ids,
                         detail={"year": year, "total": report.total_yuan})
        else:  # a returned one is submitted again
            report = transition(FUND_REPORT_WORKFLOW, report, PrizeFundReportState.SUBMITTED, by=by, locked=True,
                                fields=fields, audit_ids=ids, detail={"year": year, "total": sum(
                                    fields[name] for name in PrizeFundReport.USE_FIELDS)})
        for user in office_users():
            notify(recipient=user, event="fund_report.submitted",
                   link=reverse("supervision:fund_report_review", kwargs={"pk": report.pk}),
                   key=f"fund-report:{report.pk}:{report.submitted_at.timestamp()}:{user.pk}",
                   **emails.fund_report_submitted(award=award, year=year))
    return report


@transaction.atomic
def fund_report_review(*, report, accept: bool, note, by) -> PrizeFundReport:
    """Art. 21: the office accepts the report or returns it with what to correct."""
    office_only(by)
    report = PrizeFundReport.objects.select_for_update().select_related("award__application").get(pk=report.pk)
    if report.state != PrizeFundReportState.SUBMITTED:
        raise WorkflowError(_("该报告不在待审核状态。"))
    if not accept and not note.strip():
        raise WorkflowError(_("退回时请写明需要修改的内容。"))
    report = transition(
        FUND_REPORT_WORKFLOW, report, PrizeFundReportState.ACCEPTED if accept else PrizeFundReportState.RETURNED,
        by=by, locked=True, fields={"review_note": note.strip(), "reviewed_by": by, "reviewed_at": timezone.now()},
        detail={"note": note.strip()},
    )
    notify(recipient=report.award.application.applicant, event=f"fund_report.{report.state}",
           link=reverse("supervision:winner_awards"), key=f"fund-report-reviewed:{report.pk}:{report.reviewed_at.timestamp()}",
           **emails.fund_report_reviewed(report=report))
    return report


def _check_visit_date(award, day):
    if award.revoked_on is not None:
        raise WorkflowError(_("该奖项已撤销。"))
    if not award.awarded_on <= day <= award.valid_until:
        raise WorkflowError(_("巡访日期须在奖项有效期(%(start)s至%(end)s)内。")
                            % {"start": date_text(award.awarded_on), "end": date_text(award.valid_until)})


@transaction.atomic
def visit_schedule(*, award, scheduled_for, purpose, by, visitors="", remind_days_before=7) -> Visit:
    """Art. 22: schedule a visit to a winner within its validity; the winner is told."""
    office_only(by)
    _check_visit_date(award, scheduled_for)
    if scheduled_for < timezone.localdate():
        raise WorkflowError(_("巡访日期不能早于今天。"))
    visit = Visit.objects.create(award=award, scheduled_for=scheduled_for, purpose=purpose.strip() or _("定期巡访"),
                                 visitors=visitors.strip(), remind_days_before=remind_days_before, scheduled_by=by)
    audit_record(action="visit.scheduled", actor=by, obj=visit, cycle_id=award.cycle_id,
                 application_id=award.application_id, detail={"on": scheduled_for.isoformat()})
    notify(recipient=award.application.applicant, event="visit.scheduled", key=f"visit-scheduled:{visit.pk}",
           link=reverse("supervision:winner_awards"),
           **emails.visit_scheduled(visit=visit, scheduled_for=scheduled_for))
    return visit


@transaction.atomic
def visits_plan(*, cycle, first_on, every_months, purpose, by, remind_days_before=7) -> list[Visit]:
    """Art. 22: schedule visits to every valid, unrevoked award of the cycle from `first_on`, every
    `every_months`, until each award's validity ends; dates already planned for an award are skipped."""
    office_only(by)
    if every_months < 1:
        raise WorkflowError(_("巡访间隔至少为一个月。"))
    created = []
    for award in Award.objects.filter(cycle=cycle, revoked_on__isnull=True).select_related("application"):
        day = max(first_on, timezone.localdate())
        existing = set(award.visits.values_list("scheduled_for", flat=True))
        while day <= award.valid_until:
            if day >= award.awarded_on and day not in existing:
                created.append(visit_schedule(award=award, scheduled_for=day, purpose=purpose, by=by,
                                              remind_days_before=remind_days_before))
            day = add_months(day, every_months)
    audit_record(action="visit.planned", actor=by, cycle_id=cycle.pk,
                 detail={"every_months": every_months, "created": [v.pk for v in created]})
    return created


@transaction.atomic
def visit_record(*, visit, findings, follow_up, concerns: bool, by) -> Visit:
    """Art. 22: the findings of a visit; `concerns` marks a possible Art. 24 ground for a revocation case."""
    office_only(by)
    visit = Visit.objects.select_for_update().select_related("award").get(pk=visit.pk)
    if visit.state != VisitState.SCHEDULED:
        raise WorkflowError(_("该巡访已记录或已取消。"))
    if not findings.strip():
        raise WorkflowError(_("请填写巡访发现。"))
    return transition(
        VISIT_WORKFLOW, visit, VisitState.DONE, by=by, locked=True, action="visit.recorded",
        fields={"findings": findings.strip(), "follow_up": follow_up.strip(), "concerns": concerns,
                "recorded_by": by, "recorded_at": timezone.now()},
        detail={"concerns": concerns},
    )


def visits_due_for_reminder(*, today=None):
    """Scheduled visits inside their reminder window that have not been reminded yet."""
    today = today or timezone.localdate()
    visits = Visit.objects.filter(state=VisitState.SCHEDULED, reminded_at__isnull=True, scheduled_for__gte=today,
                                  award__revoked_on__isnull=True)
    return [v.pk for v in visits if v.scheduled_for - timedelta(days=v.remind_days_before) <= today]


def visit_remind(*, visit_id, today=None) -> bool:
    """Art. 22: remind the winner and the office of a visit coming up; once per visit (keyed by its id), quiet
    if the visit is gone, done, cancelled or not yet in its window. Returns whether a reminder went out."""
    today = today or timezone.localdate()
    with transaction.atomic():
        visit = Visit.objects.select_for_update().select_related("award__application").filter(pk=visit_id).first()
        if (visit is None or visit.state != VisitState.SCHEDULED or visit.reminded_at is not None
                or visit.award.revoked_on is not None or visit.scheduled_for < today
                or visit.scheduled_for - timedelta(days=visit.remind_days_before) > today):
            return False
        text = emails.visit_due(visit=visit)
        recipients = [visit.award.application.applicant, *office_users()]
        for user in recipients:
            notify(recipient=user, event="visit.due", key=f"visit-reminder:{visit.pk}:{user.pk}",
                   link=reverse("supervision:winner_awards") if user.role != "office"
                   else reverse("supervision:visit_record", kwargs={"pk": visit.pk}),
                   **text)
        visit.reminded_at = timezone.now()
        visit.save(update_fields=["reminded_at"])
        audit_record(action="visit.reminded", obj=visit, cycle_id=visit.award.cycle_id,
                     application_id=visit.award.application_id)
    return True
