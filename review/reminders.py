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

from accounts.notifications import notify
from award.models import Cycle, CycleStage

from . import emails
from .models import Assignment, AssignmentState, Scorecard, ScorecardState, ScoreLayer, SiteTeamMember

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
