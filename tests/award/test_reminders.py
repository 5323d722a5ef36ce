"""Deadline reminders (SPEC §11): sent to the people who must act, once per deadline."""
import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Notification
from award.reminders import deadline_reminders_send
from tests.factories.award import CycleFactory, application_in_state

pytestmark = pytest.mark.django_db


def test_reminder_goes_to_a_draft_applicant_three_days_before_the_window_closes():
    today = timezone.localdate()
    cycle = CycleFactory(application_closes=today + datetime.timedelta(days=3))
    draft = application_in_state("draft", cycle=cycle)

    deadline_reminders_send(today=today)
    deadline_reminders_send(today=today + datetime.timedelta(days=1))

    assert Notification.objects.filter(recipient=draft.applicant, event="deadline.application").count() == 1


def test_no_reminder_while_the_deadline_is_far():
    today = timezone.localdate()
    cycle = CycleFactory(application_closes=today + datetime.timedelta(days=10))
    application_in_state("draft", cycle=cycle)

    assert deadline_reminders_send(today=today) == 0


def test_recommender_is_reminded_of_an_unsigned_endorsement():
    today = timezone.localdate()
    cycle = CycleFactory(application_closes=today + datetime.timedelta(days=2))
    application = application_in_state("submitted", cycle=cycle)

    deadline_reminders_send(today=today)

    assert Notification.objects.filter(recipient=application.recommender_user, event="deadline.endorsement").exists()


def test_correction_deadline_reminder():
    application = application_in_state("returned")
    application.corrections.update(deadline=timezone.localdate() + datetime.timedelta(days=2))

    deadline_reminders_send(today=timezone.localdate())

    assert Notification.objects.filter(recipient=application.applicant, event="deadline.correction").count() == 1


def test_reminders_are_scheduled_with_celery_beat():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "award.tasks.task_send_deadline_reminders" in tasks
