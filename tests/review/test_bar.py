"""Art. 27: a disqualified expert loses its assignments, scores, panels and site-team seats in the cycle, the
results are recomputed, and the bar refuses the expert (or agency) in later cycles."""
import datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from award.models import ApplicationState
from review.models import (
    Assignment,
    AssignmentState,
    DocumentResult,
    ExpertProfile,
    PanelMember,
    ReviewerBar,
    ScorecardState,
)
from review.services import (
    ReviewError,
    agency_disqualify,
    agency_record,
    assignment_add,
    assignments_propose,
    expert_disqualify,
    panel_member_add,
    pledge_sign,
    scorecard_save,
    site_report_submit,
    site_scorecard_open,
    site_visit_schedule,
)
from tests.factories.accounts import UserFactory, credit_code_sequence
from tests.factories.review import (
    activate,
    full_percentages,
    make_agency,
    make_application,
    make_cycle,
    make_expert,
    make_panel,
    pledge,
    submit_scores,
)

pytestmark = pytest.mark.django_db

LATER = {"year": 2027, "application_opens": datetime.date(2027, 3, 1),
         "application_closes": datetime.date(2027, 5, 31)}


@pytest.fixture
def scored(cycle, panel, application, office):
    """Three panel members scored the application 80 %, 80 % and 20 %; experts[0] leads the panel."""
    _panel, experts = panel
    reviewers = experts[:3]
    pledge(cycle, *reviewers)
    assignments = [activate(assignment_add(application=application, expert=e, by=office)) for e in reviewers]
    for assignment, pct in zip(assignments, (80, 80, 20), strict=True):
        submit_scores(assignment, pct)
    return experts, assignments


def test_expert_disqualify_voids_scores_and_recomputes_result(cycle, application, scored, office):
    experts, assignments = scored
    assert DocumentResult.objects.get(application=application).result == Decimal("600.00")

    expert_disqualify(expert=experts[2], cycle=cycle, reason="收受申报单位礼金", by=office)

    assignments[2].refresh_from_db()
    application.refresh_from_db()
    result = DocumentResult.objects.get(application=application)
    assert assignments[2].state == AssignmentState.VOID
    assert assignments[2].scorecard.state == ScorecardState.VOID
    assert (result.expert_count, result.result) == (2, Decimal("800.00"))
    assert application.document_score == Decimal("800.00")


def test_expert_disqualify_revokes_the_grant(cycle, application, scored, office):
    experts, _assignments = scored
    assert experts[2].has_perm("award.view_application", application) is True

    expert_disqualify(expert=experts[2], cycle=cycle, reason="泄露评审信息", by=office)

    experts[2].refresh_from_db()  # drop guardian's per-user cache
    assert experts[2].has_perm("award.view_application", application) is False


def test_expert_disqualify_leaves_the_panel_without_its_leader(cycle, panel, office):
    panel_obj, experts = panel

    bar = expert_disqualify(expert=experts[0], cycle=cycle, reason="徇私舞弊", by=office)

    panel_obj.refresh_from_db()
    assert panel_obj.leader is None
    assert PanelMember.objects.filter(panel=panel_obj, expert=experts[0]).exists() is False
    assert bar.effects["panels_needing_new_leader"] == [panel_obj.pk]
    assert ExpertProfile.objects.get(user=experts[0]).is_active is False


def test_expert_disqualify_voids_site_scores_and_recomputes_site_score(cycle, panel, application, agency_user,
                                                                        office):
    _panel, experts = panel
    pledge(cycle, *experts)
    type(application).objects.filter(pk=application.pk).update(state=ApplicationState.SITE_REVIEW)
    application.refresh_from_db()
    visit = site_visit_schedule(application=application, leader=experts[0], members=[experts[1]],
                                scheduled_for=datetime.date(2025, 9, 10), by=agency_user)
    for expert, pct in ((experts[0], 60), (experts[1], 70)):
        scorecard_save(scorecard=site_scorecard_open(visit=visit, by=expert),
                       percentages=full_percentages(application, pct), findings="现场核实", submit=True, by=expert)
    application.refresh_from_db()
    assert application.site_score == Decimal("650.00")

    bar = expert_disqualify(expert=experts[0], cycle=cycle, reason="滥用职权", by=office)

    application.refresh_from_db()
    assert application.site_score == Decimal("700.00")
    assert bar.effects["site_visits_needing_new_leader"] == [visit.pk]
    # Art. 27: the disqualified leader cannot submit the report; the agency names a new leader first
    with pytest.raises(ReviewError, match="第二十七条"):
        site_report_submit(visit=visit, findings="x", report="y", by=experts[0])


def test_expert_disqualify_refused_for_the_agency(cycle, panel, agency_user):
    _panel, experts = panel

    with pytest.raises(ReviewError):
        expert_disqualify(expert=experts[1], cycle=cycle, reason="理由", by=agency_user)

    assert ReviewerBar.objects.count() == 0


def test_barred_expert_refused_by_a_later_cycles_panel(cycle, panel, office):
    _panel, experts = panel
    expert_disqualify(expert=experts[1], cycle=cycle, reason="徇私舞弊", by=office)
    later_panel, _others = make_panel(make_cycle(**LATER), size=1)

    # Art. 27
    with pytest.raises(ReviewError, match="第二十七条"):
        panel_member_add(panel=later_panel, expert=experts[1], by=office)
    panel_member_add(panel=later_panel, expert=experts[2], by=office)  # the others still serve

    assert set(later_panel.members.values_list("expert_id", flat=True)) == {_others[0].pk, experts[2].pk}


def test_barred_expert_refused_under_a_new_account_with_the_same_id_number(cycle, panel, office):
    _panel, experts = panel
    expert_disqualify(expert=experts[1], cycle=cycle, reason="徇私舞弊", by=office)
    same_person = make_expert(id_number=experts[1].expert_profile.id_number)
    later_panel, _others = make_panel(make_cycle(**LATER), size=1)

    # Art. 27: the bar is on the person (ID number), not only on the account
    with pytest.raises(ReviewError, match="第二十七条"):
        panel_member_add(panel=later_panel, expert=same_person, by=office)


def test_barred_expert_refused_assignment_in_a_later_cycle(cycle, panel, office):
    _panel, experts = panel
    expert_disqualify(expert=experts[1], cycle=cycle, reason="玩忽职守", by=office)
    later = make_cycle(**LATER)
    later_panel, _others = make_panel(later, size=0)
    for e in experts:  # a membership recorded before the bar
        PanelMember.objects.get_or_create(panel=later_panel, expert=e)
    later_application = make_application(later)

    # Art. 27
    with pytest.raises(ReviewError, match="第二十七条"):
        assignment_add(application=later_application, expert=experts[1], by=office)
    proposed = assignments_propose(cycle=later, by=office)

    assert sorted(a.expert_id for a in proposed) == sorted(e.pk for e in experts if e.pk != experts[1].pk)
    assert Assignment.objects.filter(expert=experts[1], application=later_application).exists() is False


def test_barred_expert_cannot_sign_a_later_pledge(cycle, panel, office):
    _panel, experts = panel
    expert_disqualify(expert=experts[1], cycle=cycle, reason="泄露评审信息", by=office)

    # Art. 27
    with pytest.raises(ReviewError, match="第二十七条"):
        pledge_sign(cycle=make_cycle(**LATER), expert=experts[1], signed_name="专家", by=experts[1])


def test_barred_agency_refused_by_agency_record_in_a_later_cycle(cycle, office):
    agency, _member = make_agency(cycle, office=office)
    agency_disqualify(agency=agency, reason="评审机构徇私舞弊", by=office)
    later = make_cycle(**LATER)

    # Art. 27
    with pytest.raises(ReviewError, match="第二十七条"):
        agency_record(cycle=later, name="改名后的机构", credit_code=agency.credit_code.lower(),
                      approved_at=datetime.date(2027, 6, 1), approval_reference="质强领〔2027〕1号", by=office)
    other = agency_record(cycle=later, name="另一评审机构", credit_code=credit_code_sequence(770001),
                          approved_at=datetime.date(2027, 6, 1), approval_reference="质强领〔2027〕1号", by=office)

    assert later.agency == other


def test_agency_disqualify_refused_without_reasons(cycle, office):
    agency, _member = make_agency(cycle, office=office)

    with pytest.raises(ReviewError):
        agency_disqualify(agency=agency, reason="  ", by=office)

    assert ReviewerBar.objects.count() == 0


def test_agency_disqualify_refused_for_an_expert(cycle, office):
    agency, _member = make_agency(cycle, office=office)

    with pytest.raises(ReviewError):
        agency_disqualify(agency=agency, reason="理由", by=UserFactory(role=Role.EXPERT))

    assert ReviewerBar.objects.count() == 0



def test_barred_expert_cannot_open_an_application_even_with_a_kept_site_team_seat():
    # Art. 27: the bar beats the history kept for the record (site-team seats stay after a submitted report).
    from review.models import ReviewerBar, SiteTeamMember, SiteVisit
    from review.permissions import can_open_application

    cycle = make_cycle()
    application = make_application(cycle, state="site_review")
    expert = make_expert()
    pledge(cycle, expert)
    office = UserFactory(role=Role.OFFICE)
    visit = SiteVisit.objects.create(application=application, leader=expert, created_by=office,
                                     scheduled_for=datetime.date(2026, 12, 1))
    SiteTeamMember.objects.create(visit=visit, expert=expert)
    assert can_open_application(expert, application)

    ReviewerBar.objects.create(subject="expert", user=expert, name=str(expert), cycle=cycle, reason="滥用职权",
                               decided_by=office)

    assert not can_open_application(expert, application)


def test_barred_person_cannot_open_an_application_under_a_new_account_with_the_same_id_number():
    # Art. 27: the permission matches the bar as the service does, on the account or on the ID number.
    from review.models import SiteTeamMember, SiteVisit
    from review.permissions import can_open_application
    from review.services.common import expert_bar

    cycle = make_cycle()
    application = make_application(cycle, state="site_review")
    office = UserFactory(role=Role.OFFICE)
    barred = make_expert()
    ReviewerBar.objects.create(subject="expert", user=barred, id_number=barred.expert_profile.id_number.upper(),
                               name=str(barred), cycle=cycle, reason="徇私舞弊", decided_by=office)
    same_person = make_expert(id_number=barred.expert_profile.id_number)
    pledge(cycle, same_person)
    visit = SiteVisit.objects.create(application=application, leader=same_person, created_by=office,
                                     scheduled_for=datetime.date(2026, 12, 1))
    SiteTeamMember.objects.create(visit=visit, expert=same_person)

    verdict = can_open_application(same_person, application)

    assert expert_bar(expert=same_person) is not None
    assert (bool(verdict), verdict.reason) == (False, "您已依第二十七条被取消评审工作资格。")
