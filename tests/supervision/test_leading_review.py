"""Art. 8(三), 19(五): the leading group reads its cycle's comprehensive review before and during deliberation —
ranking, scores, site findings, satisfaction index and supervision opinions — read-only."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from award.models import CycleStage, Recusal
from review.models import SiteVisit
from supervision.models import SupervisionOpinion
from tests.factories.accounts import OfficeUserFactory, UserFactory
from tests.factories.decision import application_at_site_review, decision_cycle, set_stage


@pytest.fixture
def office(db):
    return OfficeUserFactory()


@pytest.fixture
def deliberating(office):
    """A cycle in comprehensive review with one application whose site report and opinions are in."""
    cycle = set_stage(decision_cycle(), CycleStage.COMPREHENSIVE_REVIEW)
    application = application_at_site_review(cycle, office=office, document="820", site="790", satisfaction="88.5")
    leader = UserFactory(role=Role.EXPERT, full_name="现场组长姓名")
    SiteVisit.objects.create(application=application, leader=leader, created_by=office,
                             scheduled_for=timezone.localdate() - datetime.timedelta(days=20),
                             findings="质量追溯体系运行有效", report="建议推荐", report_submitted_at=timezone.now())
    supervisor = UserFactory(role=Role.SUPERVISOR)
    SupervisionOpinion.objects.create(cycle=cycle, application=application, text="现场评审程序规范", written_by=supervisor)
    SupervisionOpinion.objects.create(cycle=cycle, text="本届评审整体按程序进行", written_by=supervisor)
    return cycle, application


def _url(cycle):
    return reverse("supervision:leading_group_review", kwargs={"pk": cycle.pk})


def test_the_leading_group_reads_ranking_scores_findings_index_and_opinions(client, deliberating):
    cycle, application = deliberating
    client.force_login(UserFactory(role=Role.LEADING_GROUP))

    response = client.get(_url(cycle))

    html = response.content.decode()
    assert response.status_code == 200
    for text in (application.applicant_name, "820.00", "790.00", "88.5", "质量追溯体系运行有效", "现场评审程序规范",
                 "本届评审整体按程序进行"):
        assert text in html, text
    assert "现场组长姓名" not in html  # Art. 26: no reviewer names
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<form" not in main  # read-only: nothing on the page changes anything


@pytest.mark.parametrize("stage", [CycleStage.COMPREHENSIVE_REVIEW, CycleStage.PUBLIC_NOTICE, CycleStage.APPROVAL])
def test_before_and_during_deliberation(client, deliberating, stage):
    cycle, _application = deliberating
    set_stage(cycle, stage)
    client.force_login(UserFactory(role=Role.LEADING_GROUP))

    assert client.get(_url(cycle)).status_code == 200


@pytest.mark.parametrize("stage", [CycleStage.OPEN, CycleStage.DOCUMENT_REVIEW, CycleStage.SITE_REVIEW,
                                   CycleStage.CLOSED])
def test_a_cycle_not_before_the_group_is_refused(client, deliberating, stage):
    # Art. 19(五): results reach the leading group only from comprehensive review on
    cycle, application = deliberating
    set_stage(cycle, stage)
    client.force_login(UserFactory(role=Role.LEADING_GROUP))

    response = client.get(_url(cycle))

    assert response.status_code == 403 and application.applicant_name not in response.content.decode()


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.AGENCY, Role.EXPERT, Role.ORGANIZATION, Role.RECOMMENDER])
def test_other_roles_are_refused(client, deliberating, role):
    cycle, _application = deliberating
    client.force_login(UserFactory(role=role))

    assert client.get(_url(cycle)).status_code == 403


def test_the_office_reads_it_too(client, deliberating, office):
    cycle, application = deliberating
    client.force_login(office)

    assert application.applicant_name in client.get(_url(cycle)).content.decode()


def test_a_recused_member_does_not_see_the_application(client, deliberating):
    # Art. 12
    cycle, application = deliberating
    member = UserFactory(role=Role.LEADING_GROUP)
    Recusal.objects.create(application=application, user=member, reason="亲属任职")
    client.force_login(member)

    html = client.get(_url(cycle)).content.decode()

    assert application.applicant_name not in html and "现场评审程序规范" not in html


def test_anonymous_goes_to_login(client, deliberating):
    cycle, _application = deliberating

    response = client.get(_url(cycle))

    assert response.status_code == 302 and "login" in response["Location"]


def test_the_dashboard_links_the_review(client, deliberating):
    cycle, _application = deliberating
    client.force_login(UserFactory(role=Role.LEADING_GROUP))

    assert _url(cycle) in client.get(reverse("supervision:leading_group_dashboard")).content.decode()
