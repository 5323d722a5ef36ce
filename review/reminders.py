"""Scoring deadline reminders (SPEC §7, §8, §11: "deadline near"; issue 8: people are told).

Three days before the cycle's document or site scoring deadline, every expert with work not yet submitted in that
layer hears how many score sheets are left, once per expert and deadline (the notification key), through the outbox
(inbox and e-mail). Run by Celery beat with the applicants' reminders.
"""
import datetime
from collections import Counter

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Notification
from accounts.notifications import notify
from award.models import Cycle, CycleStage

from . import emails
from .models import Assignment, AssignmentState, Scorecard, ScorecardState, ScoreLayer, SiteTeamMember
from .selectors import expert_progress
from .services.common import ReviewError

REMIND_DAYS_BEFORE = 3


def _document_pending(cycle):
    """expert id → active assignments of the cycle whose document score sheet is not submitted."""
    rows = (Assignment.objects.filter(application__cycle=cycle, state=AssignmentState.ACTIVE)
            .exclude(scorecard__state=ScorecardState.SUBMITTED).values_list("expert_id", flat=True))
    return Counter(rows)


def _site_pending(cycle):
    """expert id → site-team seats of the cycle without a submitted site score sheet (report not yet in)."""
    seats = SiteTeamMember.objects.filter(visit__application__cycle=cycle, visit__report_submitted_at__isnull=True)
    done = set(Scorecard.objects.filter(site_visit__application__cycle=cycle, layer=ScoreLayer.SITE,
                                        state=ScorecardState.SUBMITTED).values_list("site_visit_id", "expert_id"))
    return Counter(expert for visit, expert in seats.values_list("visit_id", "expert_id") if (visit, expert) not in done)


LAYERS = (
    (ScoreLayer.DOCUMENT, CycleStage.DOCUMENT_REVIEW, "document_scoring_deadline", _document_pending),
    (ScoreLayer.SITE, CycleStage.SITE_REVIEW, "site_scoring_deadline", _site_pending),
)


def scoring_deadline_reminders_send(*, today=None) -> int:
    """Notify each expert with unsubmitted work whose layer's deadline falls within REMIND_DAYS_BEFORE days."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    users = get_user_model().objects
    sent = 0
    for layer, stage, field, pending_for in LAYERS:
        for cycle in Cycle.objects.filter(stage=stage, **{f"{field}__range": (today, horizon)}):
            deadline = getattr(cycle, field)
            pending = pending_for(cycle)
            for expert in users.filter(pk__in=pending, is_active=True).order_by("pk"):
                subject, body = emails.scoring_deadline_near(cycle=cycle, layer_label=layer.label,
                                                             deadline=deadline, pending=pending[expert.pk])
                notify(recipient=expert, event="deadline.scoring", subject=subject, body=body,
                       link=reverse("review:expert_dashboard"),
                       key=f"deadline:scoring:{layer}:{cycle.pk}:{expert.pk}:{deadline.isoformat()}")
                sent += 1
    return sent


REMINDER_EVENT = "reminder.scoring"


def expert_reminder_send(*, cycle, expert, by, today=None) -> bool:
    """Issue 9 point 4: the agency's reminder to one expert with unsubmitted score sheets in the cycle, through the
    outbox (inbox and e-mail). At most one a day per expert and cycle (the notification key): a replayed or
    repeated POST the same day sends nothing more and returns False. Audited when sent."""
    today = today or timezone.localdate()
    row = next((r for r in expert_progress(cycle=cycle, today=today) if r["expert"].pk == expert.pk), None)
    if row is None or (row["pending"] <= 0 and row["site_pending"] <= 0):
        raise ReviewError(_("%(expert)s在本届没有未提交的评分,无需提醒。") % {"expert": expert})
    return _remind(cycle=cycle, row=row, by=by, today=today)


def overdue_reminders_send(*, cycle, by, today=None) -> tuple[int, int]:
    """The agency's "remind every overdue expert": (sent, already reminded today)."""
    today = today or timezone.localdate()
    sent = skipped = 0
    for row in expert_progress(cycle=cycle, today=today):
        if row["overdue"] and row["expert"].is_active:
            if _remind(cycle=cycle, row=row, by=by, today=today):
                sent += 1
            else:
                skipped += 1
    return sent, skipped


def _remind(*, cycle, row, by, today) -> bool:
    expert = row["expert"]
    key = f"reminder:scoring:{cycle.pk}:{expert.pk}:{today.isoformat()}"
    if Notification.objects.filter(delivery_key=key).exists():
        return False
    subject, body = emails.scoring_reminder(
        cycle=cycle, pending=row["pending"], deadline=cycle.document_scoring_deadline,
        site_pending=row["site_pending"], site_deadline=cycle.site_scoring_deadline)
    notify(recipient=expert, event=REMINDER_EVENT, subject=subject, body=body,
           link=reverse("review:expert_dashboard"), key=key)
    audit_record(action="review.reminder_sent", actor=by, obj=cycle, cycle_id=cycle.pk,
                 detail={"expert": expert.pk, "pending": row["pending"], "site_pending": row["site_pending"],
                         "overdue": row["overdue"]})
    return True
