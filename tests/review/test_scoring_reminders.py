"""Issue 8 point 4, SPEC §7, §11: experts are told when their scoring deadline nears, once, and only those with
work left; the office sets the deadlines while review runs."""
import datetime

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, Notification
from award.models import CycleStage
from review.models import Assignment, SiteTeamMember, SiteVisit
from review.reminders import scoring_deadline_reminders_send
from tests.factories.review import activate, make_application, pledge, submit_scores

TODAY = datetime.date(2026, 6, 10)


@pytest.fixture
def document_work(cycle, panel, office):
    type(cycle).objects.filter(pk=cycle.pk).update(stage=CycleStage.DOCUMENT_REVIEW,
                                                   document_scoring_deadline=TODAY + datetime.timedelta(days=2))
    cycle.refresh_from_db()
    done, late = panel[1][:2]
    pledge(cycle, done, late)
    apps = [make_application(cycle), make_application(cycle)]
    for app in apps:
        submit_scores(activate(Assignment.objects.create(application=app, expert=done, created_by=office)), 70)
        activate(Assignment.objects.create(application=app, expert=late, created_by=office))
    return done, late


def test_an_expert_with_unsubmitted_work_is_reminded_once_before_the_deadline(document_work):
    done, late = document_work

    first = scoring_deadline_reminders_send(today=TODAY)
    again = scoring_deadline_reminders_send(today=TODAY)

    notes = Notification.objects.filter(event="deadline.scoring")
    assert (first, again) == (1, 1)  # the second run finds the same expert; the outbox key keeps it one message
    assert list(notes.values_list("recipient_id", flat=True)) == [late.pk]
    assert "2 份" in notes.get().body and "2026年6月12日" in notes.get().body


def test_a_moved_deadline_is_reminded_once_more(document_work, cycle):
    # SPEC §11: once per deadline — the office moving it is a new deadline the expert must hear of, once
    done, late = document_work
    scoring_deadline_reminders_send(today=TODAY)
    type(cycle).objects.filter(pk=cycle.pk).update(document_scoring_deadline=TODAY + datetime.timedelta(days=3))

    scoring_deadline_reminders_send(today=TODAY)
    scoring_deadline_reminders_send(today=TODAY + datetime.timedelta(days=1))

    bodies = list(Notification.objects.filter(event="deadline.scoring", recipient=late).order_by("id")
                  .values_list("body", flat=True))
    assert len(bodies) == 2
    assert ("2026年6月12日" in bodies[0], "2026年6月13日" in bodies[1]) == (True, True)


def test_the_reminders_run_on_celery_beat(settings):
    # SPEC §11: like the applicants' deadline reminders, a beat entry runs the experts' reminders
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "review.tasks.task_scoring_deadline_reminders" in tasks


def test_no_reminder_long_before_the_deadline(document_work):
    assert scoring_deadline_reminders_send(today=TODAY - datetime.timedelta(days=10)) == 0
    assert not Notification.objects.filter(event="deadline.scoring").exists()


def test_site_team_members_without_a_submitted_site_score_are_reminded(cycle, panel, office):
    type(cycle).objects.filter(pk=cycle.pk).update(stage=CycleStage.SITE_REVIEW,
                                                   site_scoring_deadline=TODAY + datetime.timedelta(days=3))
    app = make_application(cycle, state="site_review")
    leader, member = panel[1][:2]
    visit = SiteVisit.objects.create(application=app, leader=leader, created_by=office, scheduled_for=TODAY)
    for expert in (leader, member):
        SiteTeamMember.objects.create(visit=visit, expert=expert)

    scoring_deadline_reminders_send(today=TODAY)

    assert set(Notification.objects.filter(event="deadline.scoring").values_list("recipient_id", flat=True)) == {
        leader.pk, member.pk}


def test_the_office_sets_the_deadlines_audited(client, cycle, office):
    client.force_login(office)

    response = client.post(reverse("review:review_deadlines"), {
        "cycle": cycle.number, "document_scoring_deadline": "2026-07-01", "site_scoring_deadline": "2026-08-01"})

    cycle.refresh_from_db()
    assert response.status_code == 302
    assert cycle.document_scoring_deadline == datetime.date(2026, 7, 1)
    assert AuditEntry.objects.filter(action="review.deadlines_set", cycle_id=cycle.pk).exists()


def test_a_bad_date_is_refused_in_words_and_changes_nothing(client, cycle, office):
    client.force_login(office)

    response = client.post(reverse("review:review_deadlines"), {"cycle": cycle.number,
                                                                "document_scoring_deadline": "明天"})

    cycle.refresh_from_db()
    assert response.status_code == 200 and cycle.document_scoring_deadline is None
    assert "有效的日期" in response.content.decode() or "日期" in response.content.decode()
