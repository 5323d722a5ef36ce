"""Art. 21, 22: prize-fund reports and visits with reminders sent once by the beat task."""
import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from supervision import services
from supervision.models import PrizeFundReport, PrizeFundReportState
from supervision.tasks import task_visit_reminders
from tests.factories.award import award_for

pytestmark = pytest.mark.django_db


def test_visit_reminder_task_is_scheduled_by_beat():
    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]

    assert "supervision.tasks.task_visit_reminders" in entries


def test_visit_reminders_sent_once_inside_the_window(office):
    award = award_for()
    today = timezone.localdate()
    soon = services.visit_schedule(award=award, scheduled_for=today + datetime.timedelta(days=5), purpose="巡访",
                                   by=office, remind_days_before=7)
    later = services.visit_schedule(award=award, scheduled_for=today + datetime.timedelta(days=30), purpose="巡访",
                                    by=office, remind_days_before=7)

    first = task_visit_reminders.apply().get()
    second = task_visit_reminders.apply().get()

    soon.refresh_from_db()
    later.refresh_from_db()
    assert (first, second) == (1, 0)
    assert soon.reminded_at is not None and later.reminded_at is None
    assert Notification.objects.filter(event="visit.due", recipient=award.application.applicant).count() == 1


def test_visits_plan_covers_every_valid_award_until_validity_ends(office):
    award = award_for()
    first = timezone.localdate() + datetime.timedelta(days=1)

    visits = services.visits_plan(cycle=award.cycle, first_on=first, every_months=12, purpose="年度巡访", by=office)

    assert visits and all(first <= v.scheduled_for <= award.valid_until for v in visits)
    assert len(visits) == len({v.scheduled_for for v in visits})


def test_fund_report_submitted_by_winner_and_returned_then_refiled(office):
    award = award_for()
    owner = award.application.applicant

    report = services.fund_report_submit(award=award, year=award.awarded_on.year, narrative="培训", training_yuan=5000,
                                         by=owner)
    services.fund_report_review(report=report, accept=False, note="请补充发票", by=office)
    report = services.fund_report_submit(award=award, year=award.awarded_on.year, narrative="培训及实验室",
                                         training_yuan=5000, laboratories_yuan=2000, by=owner)

    assert (report.state, report.total_yuan) == (PrizeFundReportState.SUBMITTED, 7000)


def test_fund_report_refused_for_anyone_but_the_winner(office):
    award = award_for()
    stranger = award_for().application.applicant

    with pytest.raises(services.common.WorkflowError):
        services.fund_report_submit(award=award, year=award.awarded_on.year, narrative="x", by=stranger)


def test_fund_report_form_shows_the_refusal_on_the_form(client):
    # Art. 21, issue 13: the report year is refused by the service; the page keeps the form and shows why on it.
    award = award_for()
    client.force_login(award.application.applicant)
    data = {"year": award.awarded_on.year - 1, "narrative": "培训", **{f: 0 for f in PrizeFundReport.USE_FIELDS}}
    data["training_yuan"] = 5000

    response = client.post(reverse("supervision:fund_report_create", kwargs={"pk": award.pk}), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["报告年度须在获奖年度至今年之间。"]
    assert [str(m) for m in response.context["messages"]] == []
    assert not PrizeFundReport.objects.filter(award=award).exists()
