"""The review pages: role and object checks, the conflicted expert's 403 on every URL (Art. 12), the scoring
page end to end, the office's results and shortlist, the applicant's feedback."""
import datetime
import io

import pytest
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from accounts.models import AuditEntry, Role
from award.models import ApplicationState, StandardItem
from review.models import Assignment, ConflictSource, ConflictType, SiteTeamMember, SiteVisit
from review.services import conflict_record
from tests.confirming import post_confirmed
from tests.factories.accounts import UserFactory
from tests.factories.review import card_for, make_application, submit_scores


def test_expert_sees_pledge_before_anything(client, cycle, panel, assigned):
    expert = panel[1][1]
    from review.models import Pledge

    Pledge.objects.filter(expert=expert).delete()
    client.force_login(expert)

    dashboard = client.get(reverse("review:expert_dashboard"))
    scoring = client.get(reverse("review:scorecard_edit", kwargs={"pk": assigned[1].pk}))

    assert dashboard.status_code == 302 and dashboard.url == reverse("review:pledge_sign")
    assert scoring.status_code == 403


def test_pledge_then_dashboard_lists_assignment(client, cycle, panel, assigned):
    expert = panel[1][1]
    from review.models import Pledge

    Pledge.objects.filter(expert=expert).delete()
    client.force_login(expert)

    client.post(reverse("review:pledge_sign"), {"agree": "on", "signed_name": "王专家"})
    page = client.get(reverse("review:expert_dashboard"))

    assert page.status_code == 200
    assert assigned[1].application.applicant_name in page.content.decode()


def test_conflicted_expert_is_denied_on_every_url_of_the_application(client, cycle, panel, assigned, application,
                                                                     office):
    # Art. 12: permission denies (403) and the audit log records each attempt
    expert = assigned[0].expert  # also the panel leader
    card = card_for(assigned[0])
    visit = SiteVisit.objects.create(application=application, leader=expert, scheduled_for=datetime.date(2025, 9, 1),
                                     created_by=office)
    SiteTeamMember.objects.create(visit=visit, expert=expert)
    conflict_record(expert=expert, application=application, source=ConflictSource.OFFICE,
                    type=ConflictType.KINSHIP, reason="近亲属任该企业高管", by=office)
    client.force_login(expert)
    urls = [
        reverse("review:scorecard_edit", kwargs={"pk": assigned[0].pk}),
        reverse("review:conflict_declare", kwargs={"pk": application.pk}),
        reverse("review:consensus_edit", kwargs={"pk": application.pk}),
        reverse("review:site_visit", kwargs={"pk": visit.pk}),
        reverse("review:site_scorecard_edit", kwargs={"pk": visit.pk}),
    ]
    try:
        urls.append(reverse("award:application_detail", kwargs={"pk": application.pk}))
    except NoReverseMatch:
        pass

    statuses = [client.get(u).status_code for u in urls]
    posted = client.post(reverse("review:assignment_decline", kwargs={"pk": assigned[0].pk}), {"reason": "x"})

    assert statuses == [403] * len(urls)
    assert posted.status_code == 403
    assert AuditEntry.objects.filter(action="access.denied_recusal", actor=expert).count() >= 6
    assert card.pk  # the voided card is not reachable either
    assert application.applicant_name not in client.get(reverse("review:expert_dashboard")).content.decode()


def test_unassigned_expert_is_denied(client, cycle, panel, assigned):
    outsider = panel[1][3]
    client.force_login(outsider)

    response = client.get(reverse("review:scorecard_edit", kwargs={"pk": assigned[0].pk}))

    assert response.status_code == 403


@pytest.mark.parametrize("role", [Role.ORGANIZATION, Role.AGENCY, Role.SUPERVISOR], ids=str)
def test_other_roles_cannot_open_the_scoring_page(client, assigned, role):
    client.force_login(UserFactory(role=role))

    assert client.get(reverse("review:scorecard_edit", kwargs={"pk": assigned[0].pk})).status_code == 403


def test_superuser_without_the_role_is_refused(client, assigned):
    client.force_login(UserFactory(role="", is_superuser=True, is_staff=True))

    assert client.get(reverse("review:scorecard_edit", kwargs={"pk": assigned[0].pk})).status_code == 403


def test_scoring_page_saves_draft_and_submits(client, assigned, application):
    assignment = assigned[0]
    client.force_login(assignment.expert)
    url = reverse("review:scorecard_edit", kwargs={"pk": assignment.pk})
    page = client.get(url)
    items = StandardItem.objects.filter(category__standard=application.standard)
    data = {f"item_{i.pk}": "60" for i in items}
    for c in application.standard.categories.all():
        data[f"strengths_{c.pk}"] = "领导作用突出"
        data[f"improvements_{c.pk}"] = "数据分析待加强"

    draft = client.post(url, {**data, "action": "save"})
    submitted = client.post(url, {**data, "action": "submit"})

    card = card_for(assignment)
    assert page.status_code == 200
    assert "90–100%" in page.content.decode()  # band labels on the selects
    assert (draft.status_code, submitted.status_code) == (302, 302)
    assert (card.state, str(card.total)) == ("submitted", "600.00")


def test_office_results_show_result_against_the_bar_and_confirm(client, office, assigned, application):
    # Art. 20
    for assignment in assigned:
        submit_scores(assignment, 55)
    client.force_login(office)

    page = client.get(reverse("review:office_results"))
    unconfirmed = client.post(reverse("review:shortlist_confirm"))
    application.refresh_from_db()
    assert application.state == ApplicationState.QUALIFIED and unconfirmed.status_code == 200  # a replayed POST
    confirm = post_confirmed(client, reverse("review:shortlist_confirm"))

    application.refresh_from_db()
    assert "550.00" in page.content.decode()
    assert "达到分数线" in page.content.decode()
    assert confirm.status_code == 302
    assert application.state == ApplicationState.SITE_REVIEW


def test_not_shortlisted_applicant_gets_anonymous_feedback(client, office, assigned, application):
    # Art. 19(三)
    for assignment in assigned:
        submit_scores(assignment, 50)
    client.force_login(office)
    post_confirmed(client, reverse("review:shortlist_confirm"))
    client.force_login(application.applicant)

    page = client.get(reverse("review:feedback", kwargs={"pk": application.pk}))

    application.refresh_from_db()
    body = page.content.decode()
    assert application.state == ApplicationState.NOT_SHORTLISTED
    assert page.status_code == 200
    assert "500.00" in body and "优势:体系健全" in body
    assert not any(str(a.expert) in body for a in assigned)


def test_feedback_hidden_before_office_confirms(client, assigned, application):
    for assignment in assigned:
        submit_scores(assignment, 50)
    client.force_login(application.applicant)

    assert client.get(reverse("review:feedback", kwargs={"pk": application.pk})).status_code == 403


def test_other_applicant_cannot_see_feedback(client, cycle, office, assigned, application):
    other = make_application(cycle)
    client.force_login(other.applicant)

    assert client.get(reverse("review:feedback", kwargs={"pk": application.pk})).status_code == 403


def test_score_matrix_xlsx_has_a_row_per_scorecard(client, office, assigned):
    for assignment in assigned:
        submit_scores(assignment, 60)
    client.force_login(office)

    response = client.get(reverse("review:score_matrix_xlsx"))

    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.max_row == 4  # header + 3 experts
    assert ws.cell(row=2, column=5).value == 600.0


def test_agency_dashboard_proposes_and_confirms(client, cycle, panel, agency_user, application):
    client.force_login(agency_user)

    client.post(reverse("review:assignments_propose"))
    client.post(reverse("review:assignments_confirm"))
    page = client.get(reverse("review:agency_dashboard"))

    assert application.assignments.filter(state="active").count() == 3
    assert page.status_code == 200


@pytest.mark.parametrize("size", [1, 4], ids=["one-application", "four-applications"])
def test_agency_dashboard_query_count_does_not_grow_per_assignment(client, cycle, panel, agency_user, size,
                                                                     django_assert_max_num_queries):
    from review.services import assignments_propose

    for _ in range(size):
        make_application(cycle)
    assignments_propose(cycle=cycle, by=agency_user)
    client.force_login(agency_user)

    with django_assert_max_num_queries(30):
        client.get(reverse("review:agency_dashboard"))


def test_scoring_page_offers_the_live_total_without_inline_script(client, assigned):
    # SPEC §7: the running total is progressive enhancement; the server's figures are on the page without JS
    client.force_login(assigned[0].expert)

    html = client.get(reverse("review:scorecard_edit",
                              kwargs={"pk": assigned[0].pk})).content.decode()

    assert 'src="/static/js/review-scoring.js"' in html
    assert html.count("data-points=") == 23  # one select per item of the 1000-point standard
    assert "<script>" not in html


def test_agency_dashboard_loads_count_the_whole_cycle_not_the_page(client, cycle, panel, agency_user, monkeypatch):
    # SPEC §7: an expert's load is what they carry in the cycle; the page shows 1 application of 3.
    from review.services import assignments_propose
    from review.views import agency

    monkeypatch.setattr(agency, "DASHBOARD_PAGE_SIZE", 1)
    for _ in range(3):
        make_application(cycle)
    assignments_propose(cycle=cycle, by=agency_user)
    client.force_login(agency_user)

    page = client.get(reverse("review:agency_dashboard"))

    loads = page.context["loads"]
    expected = {}
    for expert_id in Assignment.objects.filter(application__cycle=cycle, state="proposed").values_list(
            "expert_id", flat=True):
        expected[expert_id] = expected.get(expert_id, 0) + 1
    assert len(page.context["applications"]) == 1
    assert dict(loads) == expected and max(expected.values()) >= 2
