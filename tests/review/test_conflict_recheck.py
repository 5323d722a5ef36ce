"""Art. 12: conflicts are re-checked whenever the data they run on changes — an expert's profile, an applicant's
profile, an application entering review with its avoid-list, a panel seat, an import — and a newly found one voids
live work at once (scores voided, result recomputed, expert and agency told, audit written). The conflict matrix
shows each conflicted cell with its source, type, code and date."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEntry, Notification, Role
from accounts.services import individual_profile_update
from award.models import ApplicationState, AvoidanceRequest
from award.services.transition import application_transition
from review.models import (
    Assignment,
    AssignmentState,
    Conflict,
    ConflictSource,
    ConflictType,
    DocumentResult,
    ExpertProfile,
    ScorecardState,
)
from review.services import conflicts_detect, panel_member_add
from review.services.pool import expert_profile_update, experts_import
from tests.factories.accounts import UserFactory
from tests.factories.review import (
    activate,
    make_agency,
    make_application,
    make_cycle,
    make_expert,
    make_panel,
    pledge,
    submit_scores,
)

pytestmark = pytest.mark.django_db


def _scored(cycle, agency_user, *, kind="organization"):
    """An application with three active assignments, all three scorecards submitted."""
    panel, experts = make_panel(cycle, size=3)
    application = make_application(cycle, kind=kind)
    pledge(cycle, *experts)
    assignments = [activate(Assignment.objects.create(application=application, expert=e, created_by=agency_user))
                   for e in experts]
    for n, a in enumerate(assignments):
        submit_scores(a, 60 + 5 * n)
    return application, experts, assignments


def _profile_rows(expert, **lists):
    profile = expert.expert_profile
    data = {"affiliation": profile.affiliation, "affiliation_credit_code": profile.affiliation_credit_code,
            "title": profile.title, "sectors": profile.sectors, "keywords": []}
    return {"profile_data": data, "employments": [], "clients": [], "holdings": [], "relatives": [], **lists}


def test_expert_profile_change_voids_live_work_at_once(cycle, agency_user):
    # Art. 12: the expert declares a past employer that turns out to be the applicant, after scoring
    application, experts, assignments = _scored(cycle, agency_user)
    before = DocumentResult.objects.get(application=application).expert_count
    code = application.organization.credit_code

    expert_profile_update(user=experts[1], by=experts[1], **_profile_rows(experts[1], employments=[
        {"employer": "申报企业", "credit_code": code, "from_year": 2018, "to_year": 2023}]))

    conflict = Conflict.objects.get(expert=experts[1], application=application)
    assert (conflict.source, conflict.type, conflict.matched_code) == (
        ConflictSource.DETECTED, ConflictType.PAST_EMPLOYER, code)
    assert conflict.voided_scores is True
    assignments[1].refresh_from_db()
    assert assignments[1].state == AssignmentState.VOID
    assert assignments[1].scorecard.state == ScorecardState.VOID
    assert (before, DocumentResult.objects.get(application=application).expert_count) == (3, 2)
    assert Notification.objects.filter(recipient=experts[1], event="assignment_voided").count() == 1
    assert Notification.objects.filter(recipient=agency_user, event="review.conflict_voided").exists()
    assert AuditEntry.objects.filter(action="review.scores_voided", application_id=application.pk).exists()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("holdings", ConflictType.SHAREHOLDING), ("relatives", ConflictType.KINSHIP),
     ("clients", ConflictType.CONSULTING)],
    ids=["shareholding", "relative", "consulting"],
)
def test_each_declaration_of_the_profile_is_checked(cycle, agency_user, kind, expected):
    # Art. 12
    application, experts, assignments = _scored(cycle, agency_user)
    code = application.organization.credit_code
    row = {"holdings": {"company": "x", "credit_code": code, "since_year": 2019, "until_year": None},
           "relatives": {"relation": "子女", "employer": "x", "credit_code": code},
           "clients": {"kind": "training", "client": "x", "credit_code": code, "year": 2020}}[kind]

    expert_profile_update(user=experts[2], by=experts[2], **_profile_rows(experts[2], **{kind: [row]}))

    assert list(Conflict.objects.filter(expert=experts[2]).values_list("type", flat=True)) == [expected]
    assignments[2].refresh_from_db()
    assert assignments[2].state == AssignmentState.VOID


def test_applicant_profile_change_is_checked(cycle, agency_user):
    # Art. 12: an individual applicant's new employer is the expert's employer
    application, experts, assignments = _scored(cycle, agency_user, kind="individual")
    person = application.individual
    data = {f: getattr(person, f) for f in ("name", "employer", "position", "district", "sector",
                                              "quality_work_since", "contact_phone")}
    data["employer_credit_code"] = experts[0].expert_profile.affiliation_credit_code

    individual_profile_update(profile=person, profile_data=data, by=person.user)

    assert Conflict.objects.get(expert=experts[0]).type == ConflictType.INDIVIDUAL_EMPLOYER
    assignments[0].refresh_from_db()
    assert assignments[0].state == AssignmentState.VOID


def test_application_entering_review_is_checked_against_its_avoid_list(cycle, agency_user, office):
    # Art. 12: the applicant asked that this expert keep out; found when the application is qualified
    panel, experts = make_panel(cycle, size=2)
    application = make_application(cycle, state=ApplicationState.ENDORSED)
    AvoidanceRequest.objects.create(application=application, name="某专家", reason="竞争对手顾问",
                                    id_number=experts[1].expert_profile.id_number)

    application_transition(application=application, to_state=ApplicationState.QUALIFIED, by=office)

    conflict = Conflict.objects.get(application=application)
    assert (conflict.expert, conflict.source, conflict.type) == (
        experts[1], ConflictSource.APPLICANT, ConflictType.AVOID_LIST)


def test_joining_a_panel_is_checked(cycle, agency_user):
    # Art. 12
    panel, _experts = make_panel(cycle, size=1)
    application = make_application(cycle)
    newcomer = make_expert(affiliation_code=application.organization.credit_code)

    panel_member_add(panel=panel, expert=newcomer, by=agency_user)

    assert Conflict.objects.get(expert=newcomer, application=application).type == ConflictType.EMPLOYER


def test_import_update_of_an_employer_is_checked(cycle, agency_user):
    # Art. 12: the agency's import moves an expert to the applicant's company
    application, experts, assignments = _scored(cycle, agency_user)
    profile = ExpertProfile.objects.get(user=experts[0])
    user = experts[0]
    experts_import(by=agency_user, rows=[{
        "full_name": user.full_name or "专家", "id_number": profile.id_number, "phone": "13805439999",
        "email": "e@example.com", "affiliation": "申报企业",
        "affiliation_credit_code": application.organization.credit_code, "title": "", "sectors": "第二产业",
        "keywords": "", "username": ""}])

    assert Conflict.objects.get(expert=user).type == ConflictType.EMPLOYER
    assignments[0].refresh_from_db()
    assert assignments[0].state == AssignmentState.VOID


def test_a_closed_cycle_is_not_rechecked(agency_user):
    # Art. 11: an archived cycle stays as it was
    from award.models import CycleStage

    cycle = make_cycle(stage=CycleStage.CLOSED)
    panel, experts = make_panel(cycle, size=1)
    application = make_application(cycle)

    from review.services.conflicts import conflicts_recheck

    ExpertProfile.objects.filter(user=experts[0]).update(
        affiliation_credit_code=application.organization.credit_code)
    assert conflicts_recheck(user=experts[0]) == []


def _detection_queries(size):
    cycle = make_cycle()
    make_panel(cycle, size=size // 5 + 2)
    for _ in range(size):
        make_application(cycle)
    with CaptureQueriesContext(connection) as queries:
        assert conflicts_detect(cycle=cycle) == []
    return len(queries)


def test_detection_is_one_pass_with_the_same_queries_at_two_sizes(agency_user):
    # Issue 12: conflicts computed in one pass, not per pair
    assert (_detection_queries(5), _detection_queries(40)) == (9, 9)


# --- the matrix ----------------------------------------------------------------------------------------------------


def test_matrix_shows_why_each_cell_is_conflicted(client, cycle, agency_user, office):
    panel, experts = make_panel(cycle, size=2)
    application = make_application(cycle)
    ExpertProfile.objects.filter(user=experts[0]).update(
        affiliation_credit_code=application.organization.credit_code)
    conflicts_detect(cycle=cycle)
    from review.services import conflict_flag

    conflict_flag(expert=experts[1], application=application, type=ConflictType.KINSHIP, reason="其兄任该企业董事",
                  by=office)
    client.force_login(office)

    response = client.get(reverse("review:conflict_matrix"), {"sector": application.sector})

    assert response.status_code == 200
    matrix = response.context["matrix"]
    assert {e.pk for e in matrix["experts"]} == {e.pk for e in experts}
    text = response.content.decode()
    assert application.organization.credit_code in text  # the matching code
    assert "系统比对发现" in text and "办公室认定" in text  # the sources told apart
    assert "其兄任该企业董事" in text
    assert matrix["conflicted"] == 2


def test_matrix_is_refused_to_an_expert_and_to_another_cycles_agency(client, cycle, agency_user):
    other_agency = make_agency(make_cycle(), office=UserFactory(role=Role.OFFICE))[1]
    client.force_login(make_expert())
    assert client.get(reverse("review:conflict_matrix")).status_code == 403

    make_panel(cycle, size=1)
    client.force_login(other_agency)
    response = client.get(reverse("review:conflict_matrix"))
    # the other agency sees its own cycle only, never this one's experts
    assert response.status_code == 200
    assert response.context["cycle"] != cycle


@pytest.mark.parametrize("size", [2, 20], ids=["two", "twenty"])
def test_matrix_query_count(client, cycle, office, django_assert_max_num_queries, size):
    panel, experts = make_panel(cycle, size=4)
    for _ in range(size):
        application = make_application(cycle)
        ExpertProfile.objects.filter(user=experts[0]).update(
            affiliation_credit_code=application.organization.credit_code)
        conflicts_detect(cycle=cycle)
    client.force_login(office)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("review:conflict_matrix"))

    assert response.status_code == 200
    assert len(response.context["matrix"]["rows"]) == size
