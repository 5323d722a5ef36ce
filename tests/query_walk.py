"""The query walk: every page of the URLconf, as every actor allowed to see it, costs the same number of queries
in a small world and in a larger one (issue 12: flat at N=200 and N=2,000, at 1 and 20 cycles of history).

It reuses the permission walk's world and rules (tests/permission_walk.py): each GET rule names the actors that
may open the page. `grow_world` adds `n` more rows of every kind a page lists — applications in each state of the
cycle under review with their assignments, scorecards, item scores, results, notice entries and survey
respondents; experts in the panel; closed cycles of history with their awards and certificates; applications in
comprehensive review; audit entries, complaints, misconduct cases, notifications, staff and recommender accounts.
A page whose count differs between the two sizes issues a query per row (or per cycle of history).
"""
import datetime
from decimal import Decimal

from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.permission_walk import ACTORS, all_rules

QUERY_CEILING = 15

_serial = {"n": 0}


def _next():
    _serial["n"] += 1
    return _serial["n"]


def page_visits():
    """(url name, actor) for every GET page and every actor the permission rules allow on it."""
    rules = all_rules()
    return sorted((name, actor) for name, rule in rules.items() if rule.method == "GET"
                  for actor in ACTORS if actor in rule.allowed)


def count_queries(client, world, name, actor):
    """(queries, status, is an HTML page) of one GET of `name` as `actor`, inside a savepoint that is rolled
    back (a page may write)."""
    rule = all_rules()[name]
    url = reverse(name, kwargs=rule.kwargs(world))
    client.logout()
    if world[actor] is not None:
        client.force_login(world[actor])
    cache.clear()
    # The connection keeps at most 9,000 queries (BaseDatabaseWrapper.queries_limit); a walk of every page runs
    # more, and a full log makes CaptureQueriesContext count 0. Each page starts from an empty log.
    connection.queries_log.clear()
    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        transaction.set_rollback(True)
    is_page = response.get("Content-Type", "").startswith("text/html")
    return len(real_queries(captured)), response.status_code, is_page


def real_queries(captured):
    """The statements of a request without the savepoints ATOMIC_REQUESTS wraps it in (BEGIN/COMMIT outside a
    test): what the database works on."""
    return [q for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def grow_world(world, n):
    """Add `n` rows of every kind the pages list (see the module docstring). Rows are created directly in their
    state (arranging a test is not a transition), attached to the world's actors so each role's lists grow."""
    from accounts.audit import audit_record
    from award.models import (
        ApplicationState,
        Award,
        Certificate,
        CycleStage,
        NoticeEntry,
        Recusal,
    )
    from review.models import (
        Assignment,
        AssignmentState,
        DocumentResult,
        ItemScore,
        PanelMember,
        Pledge,
        Respondent,
        Scorecard,
        ScorecardState,
        ScoreLayer,
    )
    from supervision.models import MisconductCase
    from tests.factories.accounts import NotificationFactory, RecommenderUserFactory, SupervisorUserFactory
    from tests.factories.award import CycleFactory
    from tests.factories.review import make_application, make_expert
    from tests.factories.supervision import complaint

    cycle, office, agency = world["cycle"], world["office"], world["agency"]
    sector = world["application"].sector
    items = list(world["application"].standard.categories.values_list("items__pk", "items__points"))
    recommender = world["recommender"].recommender
    today = timezone.localdate()
    for _ in range(n):
        i = _next()
        # The cycle under review: one application in each state the intake and review pages list.
        for state in (ApplicationState.SUBMITTED, ApplicationState.ENDORSED):
            application = make_application(cycle, sector=sector, state=state)
            application.recommender = recommender
            application.submitted_at = timezone.now()
            application.save()
        qualified = make_application(cycle, sector=sector)
        qualified.recommender = recommender
        qualified.save()
        NoticeEntry.objects.create(notice=world["notice"], application=qualified, position=100 + i,
                                   label=qualified.applicant_name)
        expert = make_expert(sectors=(sector,))
        PanelMember.objects.create(panel=world["panel"], expert=expert)
        Pledge.objects.create(cycle=cycle, expert=expert, signed_name=str(expert), text="承诺")
        for scorer in (world["expert"], expert):
            assignment = Assignment.objects.create(application=qualified, expert=scorer, created_by=agency,
                                                   state=AssignmentState.ACTIVE)
            card = Scorecard.objects.create(application=qualified, expert=scorer, assignment=assignment,
                                            layer=ScoreLayer.DOCUMENT, state=ScorecardState.SUBMITTED,
                                            submitted_at=timezone.now())
            ItemScore.objects.bulk_create(
                ItemScore(scorecard=card, item_id=pk, percentage=80, points=Decimal(maximum) * Decimal("0.8"))
                for pk, maximum in items if pk is not None)
        DocumentResult.objects.create(application=qualified, expert_count=2, mean=600, result=600, pass_mark=550,
                                      passes=True)
        Respondent.objects.create(application=qualified, group="customer", name=f"顾客{i}", created_by=agency)
        Recusal.objects.create(application=qualified, user=world["conflicted_expert"], reason="曾任职")
        # History: a closed cycle with an award and its certificate (winners, verification, the award list).
        history = CycleFactory(number=1 + i % 19 if i < 19 else 2000 + i, year=today.year - 2 * (i + 1),
                               stage=CycleStage.CLOSED)
        winner = make_application(history, sector=sector, state="awarded")
        awarded_on = today - datetime.timedelta(days=200 + i)
        award = Award.objects.create(
            cycle=history, application=winner, kind="organization", recipient_name=winner.applicant_name,
            credit_code=winner.organization.credit_code, awarded_on=awarded_on,
            valid_until=awarded_on.replace(year=awarded_on.year + 5), prize_yuan=300_000)
        Certificate.objects.create(award=award, number=f"BZQA-W-{i:04d}", state="rendered")
        # Comprehensive review of the decision cycle.
        make_application(world["decision_cycle"], sector=sector, state=ApplicationState.SITE_REVIEW)
        # Supervision, accounts.
        audit_record(action="test.grow", actor=office, obj=cycle, cycle_id=cycle.pk)
        complaint(ip=f"10.77.{i // 200}.{i % 200 + 1}")  # one address each: under the per-address limit
        MisconductCase.objects.create(cycle=cycle, subject="expert", expert=expert, facts="泄露评分。",
                                      proposed_by=world["supervisor"])
        for actor in ACTORS:
            if world[actor] is not None:
                NotificationFactory(recipient=world[actor])
        SupervisorUserFactory(username=f"staff-grow-{i}")
        RecommenderUserFactory()
