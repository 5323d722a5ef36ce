"""Art. 27: a disqualified expert loses every assignment and score of the cycle, results are recomputed, and the
person is barred from later cycles by review itself; a disqualified agency is barred by its credit code; a rejected
proposal changes nothing."""
import datetime

import pytest

from review.models import AssignmentState, DocumentResult, ReviewerBar, ScorecardState
from review.services import ReviewError, agency_record, assignment_add, panel_member_add
from supervision import services
from tests.factories.review import (
    activate,
    make_agency,
    make_application,
    make_cycle,
    make_panel,
    pledge,
    submit_scores,
)
from tests.factories.supervision import appointed_group, supervisors

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
    bar = ReviewerBar.objects.get(user=reviewers[2])
    assert reviewers[2].is_active is False
    assert (bar.id_number, bar.cycle, bar.reason) == (reviewers[2].expert_profile.id_number, cycle, "查证属实")
    assert case.effects["assignments_removed"] == [_assignments[2].pk]
    assert case.effects["bar"] == bar.pk


def test_misconduct_disqualified_expert_refused_in_a_later_cycle(office, scored):
    cycle, _application, reviewers, _assignments, supervisor = scored
    case = services.misconduct_propose(cycle=cycle, subject="expert", expert=reviewers[2], facts="收受礼金。",
                                       by=supervisor)
    services.misconduct_decide(case=case, disqualify=True, reasons="查证属实", by=office)
    later_panel, _members = make_panel(make_cycle(year=cycle.year + 2), size=1)

    # Art. 27: barred from later cycles, enforced by review
    with pytest.raises(ReviewError, match="第二十七条"):
        panel_member_add(panel=later_panel, expert=reviewers[2], by=office)


def test_misconduct_disqualified_panel_leader_leaves_the_panel_leaderless(office, scored):
    cycle, _application, _reviewers, _assignments, supervisor = scored
    panel = cycle.panels.get()
    leader = panel.leader
    case = services.misconduct_propose(cycle=cycle, subject="expert", expert=leader, facts="徇私舞弊。",
                                       by=supervisor)

    case = services.misconduct_decide(case=case, disqualify=True, reasons="查证属实", by=office)

    panel.refresh_from_db()
    assert panel.leader is None
    assert panel.members.filter(expert=leader).exists() is False
    assert case.effects["panels_needing_new_leader"] == [panel.pk]


def test_misconduct_disqualified_agency_is_barred_and_its_accounts_deactivated(office, scored):
    cycle, _application, _reviewers, _assignments, supervisor = scored
    agency, member = make_agency(cycle, office=office)
    case = services.misconduct_propose(cycle=cycle, subject="agency", agency=agency, facts="机构篡改评分。",
                                       by=supervisor)

    case = services.misconduct_decide(case=case, disqualify=True, reasons="查证属实", by=office)

    member.refresh_from_db()
    assert member.is_active is False
    assert case.effects["accounts_deactivated"] == [member.username]
    # Art. 27: the agency cannot be entrusted again in a later cycle
    with pytest.raises(ReviewError, match="第二十七条"):
        agency_record(cycle=make_cycle(year=cycle.year + 2), name=agency.name, credit_code=agency.credit_code,
                      approved_at=datetime.date(2027, 6, 1), approval_reference="质强领〔2027〕1号", by=office)


def test_misconduct_rejected_changes_no_scores(office, scored):
    cycle, application, reviewers, assignments, supervisor = scored
    case = services.misconduct_propose(cycle=cycle, subject="expert", expert=reviewers[0], facts="疑似打分随意。",
                                       by=supervisor)

    services.misconduct_decide(case=case, disqualify=False, reasons="未发现违规", by=office)

    assert DocumentResult.objects.get(application=application).expert_count == 3
    reviewers[0].refresh_from_db()
    assert reviewers[0].is_active is True
    assert ReviewerBar.objects.count() == 0


def test_misconduct_decide_refused_for_a_supervisor(office, scored):
    cycle, _application, reviewers, _assignments, supervisor = scored
    case = services.misconduct_propose(cycle=cycle, subject="expert", expert=reviewers[0], facts="事实", by=supervisor)

    with pytest.raises(services.common.WorkflowError):
        services.misconduct_decide(case=case, disqualify=True, reasons="理由", by=supervisor)

    assert ReviewerBar.objects.count() == 0
