"""Two experts submitting at once, and one expert submitting twice at once, on PostgreSQL: nothing lost or
doubled (row locks on the scorecard, then on the application)."""
import threading
from decimal import Decimal

import pytest
from django.db import connection

from accounts.models import AuditEntry
from review.models import Assignment, DocumentResult, ScorecardState
from review.services import ReviewError, scorecard_save
from tests.factories.review import (
    activate,
    card_for,
    full_comments,
    full_percentages,
    make_application,
    make_cycle,
    make_panel,
    pledge,
)

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def run_together(*calls):
    """Start every call at the same barrier in its own thread (own DB connection); return results/errors."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(i, call):
        from django.db import connections

        try:
            barrier.wait()
            outcomes[i] = call()
        except Exception as error:  # noqa: BLE001 — the test inspects what each thread got
            outcomes[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


@pytest.fixture
def setup(transactional_db, django_user_model):
    from accounts.models import Role
    from tests.factories.accounts import UserFactory

    office = UserFactory(role=Role.OFFICE)
    cycle = make_cycle(experts_per_application=2)
    app = make_application(cycle)
    _, experts = make_panel(cycle, size=2)
    pledge(cycle, *experts)
    assignments = [activate(Assignment.objects.create(application=app, expert=e, created_by=office)) for e in experts]
    cards = [card_for(a) for a in assignments]
    return app, cards


def submit(card, pct):
    return lambda: scorecard_save(scorecard=card, percentages=full_percentages(card.application, pct),
                                  comments=full_comments(card.application), submit=True, by=card.expert)


def test_two_experts_submitting_at_once_both_count(setup):
    app, cards = setup

    outcomes = run_together(submit(cards[0], 50), submit(cards[1], 70))

    assert not [o for o in outcomes if isinstance(o, Exception)]
    result = DocumentResult.objects.get(application=app)
    assert (result.expert_count, result.result) == (2, Decimal("600.00"))
    app.refresh_from_db()
    assert app.document_score == Decimal("600.00")


def test_double_submit_at_once_counts_once(setup):
    app, cards = setup

    outcomes = run_together(submit(cards[0], 60), submit(cards[0], 60))

    errors = [o for o in outcomes if isinstance(o, ReviewError)]
    assert len(errors) == 1
    cards[0].refresh_from_db()
    assert (cards[0].state, cards[0].total) == (ScorecardState.SUBMITTED, Decimal("600.00"))
    assert AuditEntry.objects.filter(action="review.score_submitted", object_id=str(cards[0].pk)).count() == 1
    assert DocumentResult.objects.get(application=app).expert_count == 1
