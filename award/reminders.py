"""Deadline reminders (SPEC §11: "deadline near"), sent once per deadline through the notification outbox."""
import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.notifications import notify

from . import emails
from .models import Application, ApplicationState, CorrectionRequest, CycleStage

REMIND_DAYS_BEFORE = 3


def deadline_reminders_send(*, today=None):
    """Tell applicants with an unsubmitted form, recommenders with unsigned endorsements and applicants with an
    open correction that their deadline is within REMIND_DAYS_BEFORE days. The delivery key makes it once."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    sent = 0
    closing = Application.objects.filter(
        cycle__stage=CycleStage.OPEN, cycle__application_closes__range=(today, horizon)
    ).select_related("cycle", "recommender")
    for application in closing.filter(state__in=(ApplicationState.DRAFT, ApplicationState.DECLINED)):
        closes = application.cycle.application_closes
        notify(
            recipient=application.applicant, event="deadline.application",
            key=f"deadline:application:{application.pk}:{closes.isoformat()}",
            link=reverse("award:application_edit", kwargs={"pk": application.pk}),
            **emails.deadline_application(closes=closes),
        )
        sent += 1
    for application in closing.filter(state=ApplicationState.SUBMITTED):
        closes = application.cycle.application_closes
        for user in application.recommender.users.filter(is_active=True):
            notify(
                recipient=user, event="deadline.endorsement",
                key=f"deadline:endorsement:{application.pk}:{user.pk}:{closes.isoformat()}",
                link=reverse("award:endorsement_create", kwargs={"pk": application.pk}),
                **emails.deadline_endorsement(application=application, closes=closes),
            )
            sent += 1
    corrections = CorrectionRequest.objects.filter(
        resolved_at__isnull=True, deadline__range=(today, horizon), application__state=ApplicationState.RETURNED
    ).select_related("application")
    for correction in corrections:
        notify(
            recipient=correction.application.applicant, event="deadline.correction",
            key=f"deadline:correction:{correction.pk}",
            link=reverse("award:application_edit", kwargs={"pk": correction.application_id}),
            **emails.deadline_correction(correction=correction),
        )
        sent += 1
    return sent

