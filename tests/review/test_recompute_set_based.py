"""Issue 12: every document-review result of a cycle recomputed in one statement (review.services.recompute) gives
exactly what the old per-application computation gave (tests/review/result_oracle.py), on random data that includes
the bar's edge (Art. 20: 549.9 fails and 550.0 passes on 1000 points, 164.9 / 165.0 on 300), voided and draft
scorecards, the trimmed mean and complete and incomplete consensus rounds; confirmed results never change."""
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from award.models import Application, ApplicationState, StandardItem
from review.models import ConsensusScore, DocumentResult, Scorecard, ScorecardState
from review.services.recompute import results_recompute
from tests.factories.review import make_application, make_cycle, make_expert
from tests.query_walk import real_queries

from .result_oracle import document_values

pytestmark = pytest.mark.django_db

EDGE = {"organization": ("549.99", "549.90", "550.00", "550.01"), "individual": ("164.90", "164.99", "165.00")}


def _random_world(rng, cycle, experts, size):
    apps = []
    for n in range(size):
        kind = "individual" if n % 4 == 3 else "organization"
        app = make_application(cycle, kind=kind)
        scale = app.standard.total_points
        edge = EDGE[kind]
        cards = []
        for expert in rng.sample(experts, rng.randint(0, len(experts))):
            if rng.random() < 0.4:  # right at the bar: the mean lands on or beside it
                total = Decimal(rng.choice(edge))
            else:
                total = Decimal(rng.randint(0, scale * 100)) / 100
            state = rng.choices([ScorecardState.SUBMITTED, ScorecardState.VOID, ScorecardState.DRAFT], [8, 1, 1])[0]
            cards.append(Scorecard(application=app, expert=expert, layer="document", state=state, total=total))
        Scorecard.objects.bulk_create(cards)
        if rng.random() < 0.2:  # a consensus round: complete, or one item short
            items = list(StandardItem.objects.filter(category__standard=app.standard))
            if rng.random() < 0.5:
                items = items[:-1]
            ConsensusScore.objects.bulk_create(
                ConsensusScore(application=app, item=i, percentage=p, points=i.points * p / 100, reason="共识",
                               recorded_by=experts[0])
                for i in items for p in [rng.choice(range(0, 101, 5))])
        apps.append(app)
    return apps


@pytest.fixture(params=["postgresql", "portable"])
def engine(request, monkeypatch):
    """The set-based SQL, and the Python path the demo's SQLite takes (review/services/recompute_portable.py),
    on the same data."""
    if request.param == "portable":
        monkeypatch.setattr(connection, "vendor", "sqlite")
    return request.param


def _stored(app):
    doc = DocumentResult.objects.get(application=app)
    return {key: getattr(doc, key) for key in document_values(app)}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("trimmed", [False, True], ids=["mean", "trimmed-mean"])
def test_set_based_results_equal_the_per_application_computation(seed, trimmed, engine):
    rng = random.Random(seed)
    cycle = make_cycle(use_trimmed_mean=trimmed)
    experts = [make_expert() for _ in range(7)]
    apps = _random_world(rng, cycle, experts, 24)

    results_recompute(cycle=cycle)

    for app in Application.objects.filter(pk__in=[a.pk for a in apps]).select_related("cycle"):
        expected = document_values(app)
        assert _stored(app) == expected, app
        assert app.document_score == expected["result"]


@pytest.mark.parametrize(("kind", "totals", "passes"), [
    ("organization", ["549.90"] * 3, False),  # Art. 20: 549.9 of 1000 is below 55 %
    ("organization", ["550.00"] * 3, True),
    ("organization", ["550.00", "550.00", "549.99"], False),  # 549.996…: below, though it shows as 549.99
    ("individual", ["164.90"] * 3, False),  # 164.9 of 300
    ("individual", ["165.00"] * 3, True),
])
def test_the_bar_is_compared_exactly(kind, totals, passes, engine):
    cycle = make_cycle()
    app = make_application(cycle, kind=kind)
    Scorecard.objects.bulk_create(Scorecard(application=app, expert=make_expert(), state="submitted", total=t)
                                  for t in totals)
    results_recompute(cycle=cycle)
    doc = DocumentResult.objects.get(application=app)
    assert doc.passes is passes
    assert doc.result == document_values(Application.objects.get(pk=app.pk))["result"]


def test_a_confirmed_result_never_changes(engine):
    # Issue 8: once the office confirmed the shortlist, the result stays as confirmed
    cycle = make_cycle()
    app = make_application(cycle)
    card = Scorecard.objects.create(application=app, expert=make_expert(), state="submitted", total=Decimal("600"))
    results_recompute(cycle=cycle)
    Application.objects.filter(pk=app.pk).update(state=ApplicationState.SITE_REVIEW)
    Scorecard.objects.filter(pk=card.pk).update(total=Decimal("100"))

    results_recompute(cycle=cycle, applications=[app.pk])

    assert DocumentResult.objects.get(application=app).result == Decimal("600.00")
    assert Application.objects.get(pk=app.pk).document_score == Decimal("600.00")


@pytest.mark.parametrize("size", [3, 30])
def test_recompute_is_one_statement_whatever_the_size(size):
    cycle = make_cycle()
    for _ in range(size):
        app = make_application(cycle)
        Scorecard.objects.create(application=app, expert=make_expert(), state="submitted", total=Decimal("560"))
    with CaptureQueriesContext(connection) as queries:
        results_recompute(cycle=cycle)
    assert len(real_queries(queries)) == 2  # the ids, then one statement


def test_the_preview_gives_what_recompute_would_write_and_writes_nothing(engine):
    from review.services.recompute import results_preview

    rng = random.Random(7)
    cycle = make_cycle()
    apps = _random_world(rng, cycle, [make_expert() for _ in range(5)], 12)

    preview = results_preview(ids=[a.pk for a in apps])

    assert not DocumentResult.objects.filter(application__in=apps).exists()
    for app in Application.objects.filter(pk__in=[a.pk for a in apps]).select_related("cycle"):
        assert preview[app.pk] == document_values(app), app
