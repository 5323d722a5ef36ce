"""Issue 12: confirming the site-review shortlist is set-based — the results recomputed in one statement, the
applications moved, confirmed, notified and audited together, conflicts checked in one pass and the experts'
grants synced in bulk — so it costs exactly the same number of queries for 3 applications as for 15, and still
ends the document experts' access and tells every applicant (Art. 19(三), 20, 26)."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEntry, Notification
from award.models import Application, ApplicationState, CycleStage
from review.models import Assignment, AssignmentState, DocumentResult, Scorecard
from review.services import shortlist_confirm
from review.services.common import grants_sync_cycle
from review.services.recompute import results_recompute
from tests.factories.accounts import UserFactory
from tests.factories.review import make_application, make_cycle, make_panel, pledge
from tests.query_walk import real_queries

pytestmark = pytest.mark.django_db


def _scored_cycle(size, office):
    """`size` applications, each scored by the panel's three experts: every third one below the bar (500 of
    1000), the others above it (600)."""
    cycle = make_cycle(stage=CycleStage.DOCUMENT_REVIEW)
    _panel, experts = make_panel(cycle, size=3)
    pledge(cycle, *experts)
    apps = [make_application(cycle) for _ in range(size)]
    assignments = Assignment.objects.bulk_create(
        Assignment(application=a, expert=e, state=AssignmentState.ACTIVE, created_by=office)
        for a in apps for e in experts)
    Scorecard.objects.bulk_create(
        Scorecard(application_id=s.application_id, expert_id=s.expert_id, assignment=s, state="submitted",
                  total=Decimal("500" if n // 3 % 3 == 0 else "600"))
        for n, s in enumerate(assignments))
    results_recompute(cycle=cycle)
    grants_sync_cycle(cycle=cycle)
    return cycle, apps, experts


def _confirm(size, office):
    cycle, apps, experts = _scored_cycle(size, office)
    assert experts[1].has_perm("award.view_application", apps[0])
    with CaptureQueriesContext(connection) as queries:
        moved = shortlist_confirm(cycle=cycle, by=office)

    states = dict(Application.objects.filter(cycle=cycle).values_list("pk", "state"))
    assert moved["not_shortlisted"] == [a.pk for n, a in enumerate(apps) if n % 3 == 0]
    assert all(states[pk] == ApplicationState.SITE_REVIEW for pk in moved["site_review"])
    assert all(states[pk] == ApplicationState.NOT_SHORTLISTED for pk in moved["not_shortlisted"])
    docs = DocumentResult.objects.filter(application__cycle=cycle)
    assert docs.filter(confirmed_at__isnull=False, confirmed_by=office).count() == size
    assert docs.filter(feedback_released_at__isnull=False).count() == len(moved["not_shortlisted"])
    assert Notification.objects.filter(delivery_key__in=[f"shortlist:{a.pk}" for a in apps]).count() == size
    assert AuditEntry.objects.filter(action="application.site_review", cycle_id=cycle.pk).count() == len(
        moved["site_review"])
    experts[1].refresh_from_db()
    assert not experts[1].has_perm("award.view_application", apps[0])  # Art. 26: the document seat ended
    return len(real_queries(queries))


def test_shortlist_confirmation_costs_the_same_queries_at_two_sizes():
    office = UserFactory(role="office")
    assert (_confirm(3, office), _confirm(15, office)) == (39, 39)
