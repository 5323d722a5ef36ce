"""Art. 19(四): site scores and the report on or after the visit date, a team of at least the cycle's size, the
final submits confirmed first, and printable invitations for respondents without an e-mail."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from review.models import Respondent, Scorecard, SiteVisit
from review.services import (
    ReviewError,
    respondents_add,
    scorecard_save,
    site_report_submit,
    site_scorecard_open,
    site_visit_schedule,
)
from tests.confirming import confirmation_token_in, post_confirmed
from tests.factories.review import full_percentages, make_agency, make_cycle


def _visit(application, experts, agency_user, *, days=0):
    return site_visit_schedule(application=application, leader=experts[0], members=[experts[1]],
                               scheduled_for=timezone.localdate() + datetime.timedelta(days=days), by=agency_user)


def test_site_scores_wait_for_the_visit_day(experts, shortlisted, agency_user):
    # Art. 19(四): what is verified on site is scored on or after the scheduled date
    visit = _visit(shortlisted, experts, agency_user, days=1)
    card = site_scorecard_open(visit=visit, by=experts[1])

    with pytest.raises(ReviewError, match="现场评审当日或之后"):
        scorecard_save(scorecard=card, percentages=full_percentages(shortlisted, 60), findings="属实", by=experts[1])

    assert card.items.count() == 0


def test_site_scores_are_taken_on_the_visit_day(experts, shortlisted, agency_user):
    # Art. 19(四): the day itself counts
    visit = _visit(shortlisted, experts, agency_user, days=0)
    card = site_scorecard_open(visit=visit, by=experts[1])

    scorecard_save(scorecard=card, percentages=full_percentages(shortlisted, 60), findings="属实", submit=True,
                   by=experts[1])

    assert Scorecard.objects.get(pk=card.pk).state == "submitted"


def test_the_site_report_waits_for_the_visit_day(experts, shortlisted, agency_user):
    # Art. 19(四)
    visit = _visit(shortlisted, experts, agency_user, days=3)

    with pytest.raises(ReviewError, match="现场评审当日或之后"):
        site_report_submit(visit=visit, findings="x", report="y", by=experts[0])
    assert SiteVisit.objects.get(pk=visit.pk).report_submitted_at is None


@pytest.mark.parametrize(("minimum", "members", "accepted"), [(2, 1, True), (3, 1, False), (3, 2, True)],
                         ids=["2-of-2", "2-of-3", "3-of-3"])
def test_a_site_team_has_at_least_the_cycles_size(experts, shortlisted, agency_user, minimum, members, accepted):
    # a cycle rule (the regulation names no size): the leader counts
    type(shortlisted.cycle).objects.filter(pk=shortlisted.cycle_id).update(site_team_min_size=minimum)
    shortlisted.cycle.refresh_from_db()

    def schedule():
        return site_visit_schedule(application=shortlisted, leader=experts[0], members=experts[1:1 + members],
                                   scheduled_for=timezone.localdate(), by=agency_user)

    if accepted:
        assert schedule().members.count() == members + 1
    else:
        with pytest.raises(ReviewError, match="至少须有 3 名专家"):
            schedule()
        assert not SiteVisit.objects.filter(application=shortlisted).exists()


def test_the_default_minimum_is_two(db):
    assert make_cycle().site_team_min_size == 2


def test_the_cycle_form_sets_the_minimum(db):
    from award.forms import CycleForm

    assert "site_team_min_size" in CycleForm().fields


def test_submitting_a_site_scorecard_asks_for_confirmation(client, experts, shortlisted, agency_user):
    visit = _visit(shortlisted, experts, agency_user)
    url = reverse("review:site_scorecard_edit", kwargs={"pk": visit.pk})
    data = {f"item_{pk}": 60 for pk in full_percentages(shortlisted, 60)}
    data.update({"findings": "现场核实属实", "action": "submit"})
    client.force_login(experts[1])

    first = client.post(url, data)

    card = Scorecard.objects.get(site_visit=visit, expert=experts[1])
    assert confirmation_token_in(first) and card.state == "draft" and card.items.count() == len(data) - 2
    post_confirmed(client, url, data)
    assert Scorecard.objects.get(pk=card.pk).state == "submitted"


def test_an_incomplete_site_scorecard_cannot_be_confirmed(client, experts, shortlisted, agency_user):
    visit = _visit(shortlisted, experts, agency_user)
    client.force_login(experts[1])

    page = client.post(reverse("review:site_scorecard_edit", kwargs={"pk": visit.pk}),
                       {"findings": "", "action": "submit"}).content.decode()

    assert "未评分条款" in page and "确认提交现场评分" not in page


def test_the_site_report_asks_for_confirmation(client, experts, shortlisted, agency_user):
    visit = _visit(shortlisted, experts, agency_user)
    for expert in experts[:2]:
        scorecard_save(scorecard=site_scorecard_open(visit=visit, by=expert), submit=True, by=expert,
                       percentages=full_percentages(shortlisted, 70), findings="属实")
    url = reverse("review:site_visit", kwargs={"pk": visit.pk})
    client.force_login(experts[0])

    first = client.post(url, {"findings": "过程受控", "report": "建议推荐"})
    assert confirmation_token_in(first) and SiteVisit.objects.get(pk=visit.pk).report_submitted_at is None

    post_confirmed(client, url, {"findings": "过程受控", "report": "建议推荐"})
    assert SiteVisit.objects.get(pk=visit.pk).report_submitted_at is not None


@pytest.fixture
def respondents(shortlisted, agency_user):
    return respondents_add(application=shortlisted, by=agency_user, rows=[
        ("customer", "张顾客", ""), ("employee", "李员工", "li@example.com"), ("community", "", "")])


def test_respondents_without_email_get_a_printable_sheet(client, respondents, shortlisted, agency_user):
    # Art. 19(四): the single-use link on paper, written out and as a QR code
    Respondent.objects.filter(pk=respondents[2].pk).update(answered_at=timezone.now())  # used: no sheet
    client.force_login(agency_user)

    response = client.get(reverse("review:respondents_sheet", kwargs={"pk": shortlisted.pk}))

    html = response.content.decode()
    assert response.status_code == 200
    assert respondents[0].token in html and respondents[1].token not in html and respondents[2].token not in html
    assert html.count("<svg") - html.count('<svg class="brand') >= 1 and "data:" not in html
    body = html[html.index('<main'):] if "<main" in html else html
    assert "<script" not in body and "style=" not in body
    assert AuditEntry.objects.filter(action="review.survey_sheets_printed").count() == 1


def test_another_cycles_agency_gets_no_sheet(client, respondents, shortlisted, office):
    other = make_agency(make_cycle(), office=office)[1]
    client.force_login(other)

    response = client.get(reverse("review:respondents_sheet", kwargs={"pk": shortlisted.pk}))

    assert response.status_code == 403 and respondents[0].token not in response.content.decode()
