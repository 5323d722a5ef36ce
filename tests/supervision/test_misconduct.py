"""Art. 27: a disqualified expert loses every assignment and score of the cycle, results are recomputed, and the
person is barred; a rejected proposal changes nothing."""
import pytest

from review.models import AssignmentState, DocumentResult, ScorecardState
from review.services import assignment_add
from supervision import services
from supervision.models import Debarment
from tests.review.factories import make_application, make_cycle, make_panel, pledge
from tests.review.helpers import activate, submit_scores

from .helpers import appointed_group, supervisors

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(office):
    cycle = make_cycle()
    application = make_application(cycle)
    _panel, experts = make_panel(cycle, size=4)
    reviewers = experts[1:]
    pledge(cycle, *reviewers)
    assignments = [activate(assignment_add(application=application, expert=e, by=office)) for e in reviewers]
    for assignment, pct in zip(assignments, (80, 80, 20), strict=True):
        submit_scores(assignment, pct)
    supervisor = supervisors(1)[0]
    appointed_group(cycle=cycle, office=office, users=[supervisor])
    return cycle, application, reviewers, assignments, supervisor


def test_misconduct_disqualify_voids_scores_and_recomputes_result(office, scored):
    cycle, application, reviewers, assignments, supervisor = scored
    before = DocumentResult.objects.get(application=application).result
    case = services.misconduct_propose(cycle=cycle, subject="expert", expert=reviewers[2], facts="收受申报单位礼金。",
                                       by=supervisor)

    services.misconduct_decide(case=case, disqualify=True, reasons="查证属实", by=office)

    assignments[2].refresh_from_db()
    result = DocumentResult.objects.get(application=application)
    assert assignments[2].state == AssignmentState.VOID
    assert assignments[2].scorecard.state == ScorecardState.VOID
    assert result.expert_count == 2
    assert result.result > before  # the low outlier's score no longer counts
    application.refresh_from_db()
    assert application.document_score == result.result


def test_misconduct_disqualify_bars_the_expert(office, scored):
    cycle, _application, reviewers, _assignments, supervisor = scored
    case = services.misconduct_propose(cycle=cycle, subject="expert", expert=reviewers[2], facts="泄露评审信息。",
                                       by=supervisor)

    case = services.misconduct_decide(case=case, disqualify=True, reasons="查证属实", by=office)

    reviewers[2].refresh_from_db()
    assert reviewers[2].is_active is False
    assert Debarment.objects.filter(user=reviewers[2], id_number=reviewers[2].expert_profile.id_number).count() == 1
    assert case.effects["assignments_removed"] == [_assignments[2].pk]


def test_misconduct_rejected_changes_no_scores(office, scored):
    cycle, application, reviewers, assignments, supervisor = scored
    case = services.misconduct_propose(cycle=cycle, subject="expert", expert=reviewers[0], facts="疑似打分随意。",
                                       by=supervisor)

    services.misconduct_decide(case=case, disqualify=False, reasons="未发现违规", by=office)

    assert DocumentResult.objects.get(application=application).expert_count == 3
    reviewers[0].refresh_from_db()
    assert reviewers[0].is_active is True


def test_misconduct_decide_refused_for_a_supervisor(office, scored):
    cycle, _application, reviewers, _assignments, supervisor = scored
    case = services.misconduct_propose(cycle=cycle, subject="expert", expert=reviewers[0], facts="事实", by=supervisor)

    with pytest.raises(services.common.WorkflowError):
        services.misconduct_decide(case=case, disqualify=True, reasons="理由", by=supervisor)
